package dev.samlab.runner.sweep;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.samlab.runner.config.ConfigException;
import dev.samlab.runner.config.FolderNames;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A sweep: a base config, fixed assignments on top of it, and axes of values, all trials of their grid or a seeded
 * random sample of it.
 *
 * <pre>
 * base: resnet20-cifar10-sam.yaml      # a run config, relative to this file
 * set: { training.epochs: 20 }         # optional: the same for every trial
 * axes:                                # any config key, a whole section, or seed
 *   optimizer.rho: [0.01, 0.02, 0.05, 0.1, 0.2]
 *   seed: [1, 2, 3]
 * sample: { trials: 8, seed: 0 }       # optional: 8 of the grid's 15 trials, drawn with seed 0
 * executor: slurm                      # optional: local (the default) or slurm
 * slurm: { partition: gpu, time: "12:00:00", cpus: 8, gpus: 1, memory: 32G, parallel: 10 }
 * </pre>
 *
 * @param name the file's name without its extension: the sweep's folder under {@code runs/}
 */
public record SweepFile(
        String name,
        Path base,
        Map<String, JsonNode> fixed,
        Map<String, List<JsonNode>> axes,
        Sample sample,
        String executor,
        SlurmJob slurm) {

    private static final Set<String> KEYS = Set.of("base", "set", "axes", "sample", "executor", "slurm");
    /** Where trials run: processes of this machine, or a Slurm job array. */
    public static final Set<String> EXECUTORS = Set.of("local", "slurm");

    /**
     * The most trials a sweep runs, and the largest grid a sample is drawn from: beyond them a sweep file is refused
     * before any trial is built, with its count named.
     */
    public static final int MAX_TRIALS = 10_000;

    public static final int MAX_SAMPLED_GRID = 1_000_000;

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());

    /** A seeded random sample of the grid; null in a sweep file means every trial of the grid. */
    public record Sample(int trials, long seed) {}

    /** @throws ConfigException naming the file and the field that is wrong */
    public static SweepFile read(Path file) throws IOException {
        JsonNode tree;
        try {
            tree = YAML.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new ConfigException(file.toString(), "no such sweep file");
        } catch (StreamReadException e) {
            throw new ConfigException(
                    file.toString(),
                    "line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage()
                            + (e.getOriginalMessage().startsWith("Duplicate") ? " (each key once)" : ""));
        }
        if (!(tree instanceof ObjectNode root)) {
            throw new ConfigException(file.toString(), "expected a sweep with keys base, axes (and set, sample)");
        }
        root.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new ConfigException(
                        file + ": " + key, "unknown key; a sweep file has base, set, axes, sample, executor, slurm");
            }
        });
        JsonNode base = root.path("base");
        if (!base.isTextual()) {
            throw new ConfigException(file + ": base", "expected the path of a run config, relative to the sweep file");
        }
        Map<String, List<JsonNode>> axes = new LinkedHashMap<>();
        JsonNode axesNode = root.path("axes");
        if (!(axesNode instanceof ObjectNode) || axesNode.isEmpty()) {
            throw new ConfigException(
                    file + ": axes",
                    "expected at least one key with a list of values, such as" + " optimizer.rho: [0.01, 0.05]");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = axesNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> axis = it.next();
            if (!axis.getValue().isArray() || axis.getValue().isEmpty()) {
                throw new ConfigException(file + ": axes." + axis.getKey(), "expected a non-empty list of values");
            }
            List<JsonNode> values = new ArrayList<>();
            axis.getValue().forEach(values::add);
            axes.put(axis.getKey(), values);
        }
        Map<String, JsonNode> fixed = new LinkedHashMap<>();
        JsonNode set = root.path("set");
        if (!set.isMissingNode()) {
            if (!(set instanceof ObjectNode)) {
                throw new ConfigException(file + ": set", "expected keys and values, such as { training.epochs: 20 }");
            }
            set.fields().forEachRemaining(e -> fixed.put(e.getKey(), e.getValue()));
        }
        String executor = root.path("executor").asText("local");
        if (!EXECUTORS.contains(executor)) {
            throw new ConfigException(file + ": executor", "expected local or slurm, got " + executor);
        }
        String name = baseName(file);
        FolderNames.requirePlain(file.toString(), name, "the sweep's name, from its file name; rename the file");
        Path parent = file.toAbsolutePath().getParent();
        SweepFile sweep = new SweepFile(
                name,
                parent.resolve(base.asText()),
                fixed,
                axes,
                sample(file, root.path("sample")),
                executor,
                SlurmJob.of(file, root.path("slurm")));
        sweep.requireBoundedGrid(file);
        return sweep;
    }

    private static Sample sample(Path file, JsonNode node) {
        if (node.isMissingNode()) {
            return null;
        }
        if (!node.path("trials").canConvertToInt() || node.path("trials").asInt() <= 0) {
            throw new ConfigException(file + ": sample.trials", "expected how many trials to draw, a number > 0");
        }
        return new Sample(node.path("trials").asInt(), node.path("seed").asLong(0));
    }

    /** How many points the axes' grid has, exactly, however large. */
    public BigInteger gridSize() {
        return axes.values().stream()
                .map(values -> BigInteger.valueOf(values.size()))
                .reduce(BigInteger.ONE, BigInteger::multiply);
    }

    /** How many trials run: the grid's, or the sample's where it draws fewer. */
    public BigInteger trialCount() {
        BigInteger grid = gridSize();
        return sample == null ? grid : grid.min(BigInteger.valueOf(sample.trials()));
    }

    private void requireBoundedGrid(Path file) {
        BigInteger grid = gridSize();
        String sizes = axes.values().stream().map(v -> String.valueOf(v.size())).collect(Collectors.joining(" × "));
        if (trialCount().compareTo(BigInteger.valueOf(MAX_TRIALS)) > 0) {
            throw new ConfigException(
                    file + ": " + (sample == null ? "axes" : "sample.trials"),
                    String.format(
                            Locale.ROOT,
                            "%,d trials (%s) is more than the %,d a sweep runs; draw some with sample: { trials: 100"
                                    + " }, or split the sweep",
                            trialCount(),
                            sample == null ? "a grid of " + sizes : "drawn from a grid of " + sizes,
                            MAX_TRIALS));
        }
        if (sample != null && grid.compareTo(BigInteger.valueOf(MAX_SAMPLED_GRID)) > 0) {
            throw new ConfigException(
                    file + ": axes",
                    String.format(
                            Locale.ROOT,
                            "a grid of %s = %,d points is more than the %,d a sample is drawn from; use fewer values",
                            sizes,
                            grid,
                            MAX_SAMPLED_GRID));
        }
    }

    /** The trials in grid order (the last axis varies fastest), or the sample of them, still in grid order. */
    public List<Trial> trials() {
        int grid = gridSize().intValueExact(); // bounded when read
        List<Integer> picked = IntStream.range(0, grid).boxed().toList();
        if (sample != null && sample.trials() < grid) {
            List<Integer> shuffled = new ArrayList<>(picked);
            Collections.shuffle(shuffled, new Random(sample.seed()));
            picked = shuffled.subList(0, sample.trials()).stream().sorted().toList();
        }
        List<Trial> trials = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int point : picked) {
            Trial trial = trial(trials.size(), point(point));
            if (!names.add(trial.name())) {
                throw new ConfigException(
                        "axes",
                        "two trials would share the folder " + trial.name()
                                + ": values of an axis must differ in letters, digits or . _ = + -");
            }
            trials.add(trial);
        }
        return trials;
    }

    /** The grid's point {@code index} as one value index per axis: mixed radix, the last axis the fastest. */
    private List<Integer> point(int index) {
        List<Integer> point = new ArrayList<>();
        int rest = index;
        List<List<JsonNode>> values = List.copyOf(axes.values());
        for (int axis = values.size() - 1; axis >= 0; axis--) {
            point.add(0, rest % values.get(axis).size());
            rest /= values.get(axis).size();
        }
        return point;
    }

    private Trial trial(int index, List<Integer> point) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> overrides = new ArrayList<>();
        fixed.forEach((key, value) -> overrides.add(key + "=" + value));
        int axis = 0;
        for (Map.Entry<String, List<JsonNode>> entry : axes.entrySet()) {
            JsonNode value = entry.getValue().get(point.get(axis++));
            values.put(entry.getKey(), folderText(value));
            overrides.add(entry.getKey() + "=" + value);
        }
        Trial trial = new Trial(index, values, overrides);
        FolderNames.requirePlain("axes", trial.name(), "a trial's folder, from its keys and values");
        return trial;
    }

    /** A value as a folder name can hold it: {@code 0.05}, {@code sgd}, {@code name-asam_rho-1.0}. */
    static String folderText(JsonNode value) {
        String text = value.isValueNode() ? value.asText() : value.toString();
        return text.replaceAll("[{}\\[\\]\" ]", "")
                .replace(':', '-')
                .replace(',', '_')
                .replaceAll("[^A-Za-z0-9._=+-]", "_");
    }

    private static String baseName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
