package dev.samlab.runner.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.jsontype.NamedType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.samlab.runner.plugins.Plugin;
import dev.samlab.runner.plugins.PluginKind;
import dev.samlab.runner.plugins.PluginRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a run config (YAML, or JSON for {@code .json} files) into a {@link RunConfig}. Each plugin section is
 * bound, by its {@code name}, to the record its plugin declares, so unknown keys, wrong types and values out of
 * range are all reported with their full key path before anything runs.
 */
public final class ConfigLoader {

    /** Plugin sections are polymorphic: their {@code name} key picks the record to bind. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "name")
    private interface NamedPluginSection {}

    private final PluginRegistry registry;
    private final ObjectMapper yaml;
    private final ObjectMapper json;
    private final ConfigErrors errors;
    /** Writes a bound config back with every key it knows, null or not, for {@link UnreadKeys}. */
    private final ObjectMapper everyKey;

    public ConfigLoader(PluginRegistry registry) {
        this.registry = registry;
        this.yaml = configure(new YAMLMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build()));
        this.json = configure(new JsonMapper());
        this.errors = new ConfigErrors(registry);
        this.everyKey = configure(new JsonMapper()).setSerializationInclusion(JsonInclude.Include.ALWAYS);
    }

    private ObjectMapper configure(ObjectMapper mapper) {
        for (PluginKind kind : PluginKind.values()) {
            mapper.addMixIn(kind.configType(), NamedPluginSection.class);
        }
        for (Plugin plugin : registry.all()) {
            mapper.registerSubtypes(new NamedType(plugin.provider().configType(), plugin.name()));
        }
        mapper.setAnnotationIntrospector(new InlineKeysIntrospector());
        return mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature())
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }

    /**
     * @param overrides {@code key.path=value} assignments applied on top of the file
     * @throws ConfigException naming the key and the problem
     */
    public RunConfig load(Path file, List<String> overrides) throws IOException {
        String text;
        if (Files.isDirectory(file)) {
            throw new ConfigException(
                    file.toString(),
                    "is a folder; expected a config file (YAML, or JSON for"
                            + " .json), such as examples/mlp-synthetic-adam.yaml");
        }
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "no such config file");
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot read it (" + e.getMessage() + ")");
        }
        return parse(text, file, overrides);
    }

    /**
     * Binds a config's text, as {@link #load} binds a file's.
     *
     * @param file where the text comes from, for errors: JSON if its name ends in .json, YAML otherwise
     */
    public RunConfig parse(String text, Path file, List<String> overrides) throws IOException {
        ObjectMapper mapper = file.toString().endsWith(".json") ? json : yaml;
        try {
            if (mapper == yaml) {
                refuseAliases(text, file);
            }
            JsonNode tree = mapper.readTree(text);
            if (!(tree instanceof ObjectNode root)) {
                throw new ConfigException(
                        file.toString(),
                        "expected a config with keys (name, seed, model, dataset, " + "optimizer, training), found "
                                + (tree == null ? "an empty file" : tree.getNodeType()));
            }
            expandShorthands(root); // optimizer: adam, then --set optimizer.lr=0.01 sets a key of that section
            Overrides.apply(root, overrides, yaml);
            expandShorthands(root); // --set optimizer=sam
            RunConfig config = mapper.treeToValue(root, RunConfig.class);
            UnreadKeys.refuse("", root, everyKey.valueToTree(config));
            requireSection(config.model(), PluginKind.MODEL);
            requireSection(config.dataset(), PluginKind.DATASET);
            requireSection(config.optimizer(), PluginKind.OPTIMIZER);
            requirePositive("dataset.trainLimit", config.dataset().trainLimit());
            requirePositive("dataset.testLimit", config.dataset().testLimit());
            String name = config.name() != null ? config.name() : baseName(file);
            FolderNames.requirePlain(
                    "name", name, config.name() != null ? "" : "from the config file's name; set name");
            return new RunConfig(
                    name, config.seed(), config.model(), config.dataset(), config.optimizer(), config.training());
        } catch (JsonProcessingException e) {
            throw errors.translate(e, file);
        }
    }

    /**
     * Binds a config that came with a file the user did not write (a lone checkpoint's), with its dataset's download
     * source taken out: no {@code mirror}, and {@code download: false} where the dataset has that key.
     */
    public RunConfig parseWithoutDownloads(String yamlText, Path file) throws IOException {
        JsonNode root = yaml.readTree(yamlText);
        if (root != null && root.get("dataset") instanceof ObjectNode dataset) {
            dataset.remove("mirror");
            if (dataset.has("download")) {
                dataset.put("download", false);
            }
        }
        return parse(yaml.writeValueAsString(root), file, List.of());
    }

    /**
     * Binds one plugin section given as YAML, such as {@code "{ name: sam, base: { name: adam } }"} or
     * {@code "adam"}, to a kind's config type ({@code OptimizerConfig.class}, ...); errors name keys relative to
     * the section.
     */
    public <T> T section(String section, Class<T> kindConfigType) {
        try {
            JsonNode node = yaml.readTree(section);
            if (node != null && node.isTextual()) {
                node = yaml.createObjectNode().put("name", node.asText());
            }
            T bound = yaml.treeToValue(node, kindConfigType);
            if (node != null) {
                UnreadKeys.refuse("", node, everyKey.valueToTree(bound));
            }
            return bound;
        } catch (JsonProcessingException e) {
            throw errors.translate(e, Path.of("section '" + section + "'"));
        }
    }

    /** The config with every default filled in, as written to a run's {@code config.yaml}. */
    public String toYaml(RunConfig config) {
        try {
            return yaml.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the resolved config", e);
        }
    }

    /**
     * Jackson reads a YAML alias ({@code *name}) as the text "name", not as the anchored value: said plainly here,
     * rather than as a type error somewhere downstream.
     */
    private void refuseAliases(String text, Path file) throws IOException {
        try (YAMLParser parser = (YAMLParser) yaml.getFactory().createParser(text)) {
            while (parser.nextToken() != null) {
                if (parser.isCurrentAlias()) {
                    String key = parser.getParsingContext().inArray()
                            ? parser.getParsingContext().getParent().getCurrentName()
                            : parser.getCurrentName();
                    throw new ConfigException(
                            file.toString(),
                            "line " + parser.currentLocation().getLineNr()
                                    + ": " + (key == null ? "" : key + ": ") + "'*" + parser.getText()
                                    + "' is a YAML alias;"
                                    + " SamLab reads values as written, without anchors and aliases: write the value out");
                }
            }
        }
    }

    /** The keys whose values differ between two configs as {@link #toYaml} writes them, such as {@code optimizer.rho}. */
    public List<String> differingKeys(String resolvedYaml, String otherYaml) throws IOException {
        List<String> keys = new ArrayList<>();
        differences("", yaml.readTree(resolvedYaml), yaml.readTree(otherYaml), keys);
        return keys;
    }

    private static void differences(String path, JsonNode a, JsonNode b, List<String> keys) {
        if (a != null && b != null && a.isObject() && b.isObject()) {
            Set<String> names = new TreeSet<>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> differences(ConfigErrors.join(path, name), a.get(name), b.get(name), keys));
        } else if (!Objects.equals(a, b)) {
            keys.add(path.isEmpty() ? "(the whole config)" : path);
        }
    }

    /**
     * {@code optimizer: adam} is short for {@code optimizer: { name: adam }}, and so for models and datasets;
     * any other value that is not a section is an error.
     */
    private void expandShorthands(ObjectNode root) {
        for (PluginKind kind : PluginKind.values()) {
            JsonNode section = root.get(kind.label());
            if (section != null && section.isTextual()) {
                root.putObject(kind.label()).put("name", section.asText());
            } else if (section != null && !section.isObject() && !section.isNull()) {
                throw new ConfigException(
                        kind.label(),
                        "expected a section naming the " + kind.label()
                                + ", such as { name: "
                                + registry.names(kind).stream().findFirst().orElse("...")
                                + " }, got " + section);
            }
        }
    }

    private void requireSection(Object section, PluginKind kind) {
        if (section == null) {
            String installed = String.join(", ", registry.names(kind));
            throw new ConfigException(
                    kind.label(),
                    "missing: add a section naming the " + kind.label()
                            + ", such as " + kind.label() + ": { name: "
                            + registry.names(kind).stream().findFirst().orElse("...") + " }; installed: "
                            + (installed.isEmpty() ? "none" : installed));
        }
    }

    private static void requirePositive(String path, Integer limit) {
        if (limit != null && limit <= 0) {
            throw new ConfigException(path, "must be > 0 (the number of images to keep), got " + limit);
        }
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
