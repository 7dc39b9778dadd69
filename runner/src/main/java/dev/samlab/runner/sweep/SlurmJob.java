package dev.samlab.runner.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.samlab.runner.config.ConfigException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A sweep as a Slurm job array: one array task per trial, each running {@code samlab sweep SWEEP --trial
 * $SLURM_ARRAY_TASK_ID} on a filesystem every node shares. Tasks are requeued when preempted and sent SIGTERM two
 * minutes before their time limit, which makes a run checkpoint; the requeued task resumes from it.
 *
 * <p>Every value but {@code setup} goes into an {@code #SBATCH} line and is checked against what sbatch accepts for
 * it, so none can end its line or reach the shell: a newline, {@code ;}, {@code $(}, a quote or a backquote is refused.
 * {@code setup} is shell on purpose: its lines are written into the script as they are.
 *
 * @param partition the partition to run in, or null for the cluster's default
 * @param time      the time limit of a task ({@code 12:00:00}), or null for the partition's
 * @param cpus      cores per task; the run's threads ({@code OMP_NUM_THREADS})
 * @param gpus      GPUs per task, 0 for none
 * @param memory    memory per task ({@code 16G}), or null for the partition's default
 * @param parallel  tasks at once, or null for as many as the cluster runs
 * @param setup     shell lines before the run ({@code module load java/17}), written as they are; may be empty
 */
public record SlurmJob(
        String partition, String time, int cpus, int gpus, String memory, Integer parallel, List<String> setup) {

    private static final Set<String> KEYS = Set.of("partition", "time", "cpus", "gpus", "memory", "parallel", "setup");
    private static final Accepted PARTITION = new Accepted(
            "[A-Za-z0-9_.-]+(,[A-Za-z0-9_.-]+)*",
            "a partition name (letters, digits, _ - .) or a comma-separated list of them, such as gpu or gpu,cpu");
    private static final Accepted TIME = new Accepted(
            "(\\d+-)?\\d+(:\\d+){0,2}|(?i:infinite|unlimited)", // or no limit, as sbatch takes it
            "a time limit as Slurm writes one: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (such as"
                    + " \"12:00:00\" or 1-12:00)");
    private static final Accepted MEMORY = new Accepted(
            "\\d+[KMGTkmgt]?",
            "a whole number with an optional K, M, G or T suffix (megabytes without one), such as 32G");

    /** What sbatch takes for a key written into an #SBATCH line, and how to say it. */
    private record Accepted(Pattern pattern, String expected) {
        Accepted(String regex, String expected) {
            this(Pattern.compile(regex), expected);
        }
    }

    public SlurmJob {
        setup = List.copyOf(setup);
    }

    /** The {@code slurm} section of a sweep file; a missing one asks for one core per task and nothing else. */
    static SlurmJob of(Path file, JsonNode section) {
        if (section.isMissingNode()) {
            return new SlurmJob(null, null, 1, 0, null, null, List.of());
        }
        section.fieldNames().forEachRemaining(key -> {
            if (!KEYS.contains(key)) {
                throw new ConfigException(
                        file + ": slurm." + key,
                        "unknown key; slurm has "
                                + String.join(", ", KEYS.stream().sorted().toList()));
            }
        });
        return new SlurmJob(
                text(file, section, "partition", PARTITION),
                text(file, section, "time", TIME),
                count(file, section, "cpus", 1),
                count(file, section, "gpus", 0),
                text(file, section, "memory", MEMORY),
                section.has("parallel") ? count(file, section, "parallel", 1) : null,
                setup(file, section.path("setup")));
    }

    /** A value for an #SBATCH line, or null where the section leaves it to the cluster. */
    private static String text(Path file, JsonNode section, String key, Accepted accepted) {
        JsonNode value = section.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        if (!value.isValueNode() || !accepted.pattern().matcher(value.asText()).matches()) {
            throw refused(file, key, accepted.expected(), value);
        }
        return value.asText();
    }

    private static int count(Path file, JsonNode section, String key, int fallback) {
        JsonNode value = section.path(key);
        if (value.isMissingNode()) {
            return fallback;
        }
        int least = key.equals("gpus") ? 0 : 1;
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < least) {
            throw refused(file, key, "a whole number ≥ " + least, value);
        }
        return value.asInt();
    }

    private static List<String> setup(Path file, JsonNode lines) {
        if (lines.isMissingNode() || lines.isNull()) {
            return List.of();
        }
        if (!lines.isArray()
                || !StreamSupport.stream(lines.spliterator(), false).allMatch(JsonNode::isValueNode)) {
            throw refused(file, "setup", "a list of shell lines, such as [\"module load java/17\"]", lines);
        }
        return StreamSupport.stream(lines.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    /** Shows the value as JSON writes it: quoted, a newline as \n, so the user sees what was refused. */
    private static ConfigException refused(Path file, String key, String expected, JsonNode value) {
        return new ConfigException(file + ": slurm." + key, "expected " + expected + ", got " + value);
    }

    /** The name of the log of the array task of trial {@code index} (or of {@code %a}, Slurm's placeholder for it). */
    public static String taskLog(Object index) {
        return index + ".log";
    }

    /**
     * The batch script for the given trials.
     *
     * @param name    the job's name
     * @param trials  the trials to run, by index
     * @param logs    the folder for each task's output ({@code <index>.log})
     * @param command the command a task runs, before {@code --trial}
     * @throws ConfigException if no #SBATCH line can name {@code logs}
     */
    public String script(String name, List<Trial> trials, Path logs, List<String> command) {
        StringBuilder script = new StringBuilder("#!/bin/bash\n");
        // a job's name is a label: what sbatch could misread becomes _
        script.append("#SBATCH --job-name=")
                .append(name.replaceAll("[^A-Za-z0-9_.-]", "_"))
                .append('\n');
        script.append("#SBATCH --array=")
                .append(trials.stream().map(t -> String.valueOf(t.index())).collect(Collectors.joining(",")))
                .append(parallel != null ? "%" + parallel : "")
                .append('\n');
        script.append("#SBATCH --output=")
                .append(sbatchPath(logs.toAbsolutePath().toString(), taskLog("%a")))
                .append('\n');
        script.append("#SBATCH --open-mode=append\n"); // a requeued or resubmitted task adds to its log
        if (partition != null) {
            script.append("#SBATCH --partition=").append(partition).append('\n');
        }
        if (time != null) {
            script.append("#SBATCH --time=").append(time).append('\n');
        }
        script.append("#SBATCH --cpus-per-task=").append(cpus).append('\n');
        if (gpus > 0) {
            script.append("#SBATCH --gres=gpu:").append(gpus).append('\n');
        }
        if (memory != null) {
            script.append("#SBATCH --mem=").append(memory).append('\n');
        }
        script.append("#SBATCH --requeue\n");
        script.append("#SBATCH --signal=B:TERM@120\n"); // a run checkpoints on SIGTERM; exec makes java the receiver
        script.append("set -euo pipefail\n");
        setup.forEach(line -> script.append(line).append('\n'));
        script.append("export OMP_NUM_THREADS=").append(cpus).append('\n');
        script.append("cd ")
                .append(quote(Path.of("").toAbsolutePath().toString()))
                .append('\n');
        script.append("exec");
        command.forEach(argument -> script.append(' ').append(quote(argument)));
        script.append(" --trial \"$SLURM_ARRAY_TASK_ID\"\n");
        return script.toString();
    }

    /**
     * The file {@code name} (a Slurm pattern such as {@code %a.log}) in {@code folder}, as an #SBATCH line takes it:
     * double-quoted where sbatch would split it or read a comment, with each % of the folder doubled so Slurm reads
     * none as a pattern. Nothing carries a line break, and a backslash turns off Slurm's patterns, so such a folder is
     * refused.
     */
    private static String sbatchPath(String folder, String name) {
        if (folder.chars().anyMatch(c -> Character.isISOControl(c) || c == '\\')) {
            throw new ConfigException(
                    "--out",
                    "Slurm cannot write logs into " + TextNode.valueOf(folder)
                            + ": its path holds a line break, another control character or a backslash; choose"
                            + " another folder with --out");
        }
        String path = folder.replace("%", "%%") + "/" + name;
        return path.matches("[A-Za-z0-9_./=:,+@%-]+") ? path : '"' + path.replace("\"", "\\\"") + '"';
    }

    private static String quote(String argument) {
        return argument.matches("[A-Za-z0-9_./=:,+@%-]+") ? argument : "'" + argument.replace("'", "'\\''") + "'";
    }
}
