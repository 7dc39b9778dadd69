package dev.samlab.runner.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.samlab.api.InvalidConfigException;
import dev.samlab.runner.plugins.PluginKind;
import dev.samlab.runner.plugins.PluginRegistry;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Turns Jackson's binding errors into messages that name the key, the value and what was expected. */
final class ConfigErrors {

    private final PluginRegistry registry;

    ConfigErrors(PluginRegistry registry) {
        this.registry = registry;
    }

    ConfigException translate(JsonProcessingException error, Path file) {
        if (error.getOriginalMessage() != null
                && error.getOriginalMessage().startsWith("Duplicate field")
                && error.getProcessor() instanceof JsonParser parser) {
            return new ConfigException(
                    path(parser.getParsingContext()),
                    "given twice in " + file + " (the second" + " time on line "
                            + error.getLocation().getLineNr() + "); keep one");
        }
        if (!(error instanceof JsonMappingException mapping)) {
            JsonLocation at = error.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            return new ConfigException(
                    file.toString(), "not valid " + format(file) + where + ": " + error.getOriginalMessage());
        }
        String path = path(mapping.getPath());
        if (mapping instanceof InvalidTypeIdException typeId) {
            return unknownPlugin(path, typeId);
        }
        if (mapping instanceof UnrecognizedPropertyException unknown) {
            return unknownKey(
                    path,
                    unknown.getPropertyName(),
                    unknown.getKnownPropertyIds().stream().map(Object::toString).toList());
        }
        if (mapping instanceof ValueInstantiationException
                && mapping.getCause() instanceof InvalidConfigException bad) {
            return new ConfigException(join(path, bad.field()), bad.problem());
        }
        if (mapping instanceof InvalidFormatException format) {
            return new ConfigException(
                    path, "expected " + describe(format.getTargetType()) + ", got '" + format.getValue() + "'");
        }
        if (mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new ConfigException(path, "expected " + describe(mismatch.getTargetType()));
        }
        Throwable cause = mapping.getCause() == null ? mapping : mapping.getCause();
        String message = cause instanceof JsonProcessingException p ? p.getOriginalMessage() : cause.getMessage();
        return new ConfigException(path, message);
    }

    /** @param path the unknown key's full path, such as {@code optimizer.rhoo} */
    static ConfigException unknownKey(String path, String key, Collection<String> known) {
        List<String> sorted = known.stream().sorted().toList();
        return new ConfigException(
                path,
                "unknown key; expected one of: " + String.join(", ", sorted) + Suggestions.didYouMean(key, sorted));
    }

    private ConfigException unknownPlugin(String sectionPath, InvalidTypeIdException error) {
        PluginKind kind = Arrays.stream(PluginKind.values())
                .filter(k -> k.configType() == error.getBaseType().getRawClass())
                .findFirst()
                .orElseThrow();
        String path = join(sectionPath, "name");
        Collection<String> installed = registry.names(kind);
        String installedList =
                "installed " + kind.label() + "s: " + (installed.isEmpty() ? "none" : String.join(", ", installed));
        String typed = error.getTypeId();
        if (typed != null) {
            registry.requireNoConflict(kind, typed);
        }
        if (typed == null) {
            return new ConfigException(path, "missing: say which " + kind.label() + " to use; " + installedList);
        }
        return new ConfigException(
                path,
                "unknown " + kind.label() + " '" + typed + "'; " + installedList
                        + registry.folder()
                                .map(folder -> " (other plugins are jars in " + folder
                                        + "; --plugins DIR names another folder)")
                                .orElse("")
                        + Suggestions.didYouMean(typed, installed));
    }

    /** {@code optimizer.base.lr}, {@code model.hidden[1]} */
    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    /** The key a parser stands at, such as {@code optimizer.lr}. */
    private static String path(JsonStreamContext context) {
        String path = "";
        for (JsonStreamContext at = context; at != null && !at.inRoot(); at = at.getParent()) {
            String part = at.inArray() ? "[" + at.getCurrentIndex() + "]" : at.getCurrentName();
            path = path.isEmpty() ? part : part + (path.startsWith("[") ? "" : ".") + path;
        }
        return path;
    }

    static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + "." + child;
    }

    private String describe(Class<?> type) {
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a text value";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list, such as [1, 2]";
        }
        for (PluginKind kind : PluginKind.values()) {
            if (kind.configType().isAssignableFrom(type)) {
                return "a section naming the " + kind.label() + ", such as { name: "
                        + registry.names(kind).stream().findFirst().orElse("...") + " }";
            }
        }
        if (type.isRecord()) {
            return "a section of keys: "
                    + Arrays.stream(type.getRecordComponents())
                            .map(RecordComponent::getName)
                            .collect(Collectors.joining(", "));
        }
        return type.getSimpleName();
    }

    private static String format(Path file) {
        return file.toString().endsWith(".json") ? "JSON" : "YAML";
    }
}
