package dev.samlab.runner.sweep;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The jobs a sweep has submitted to Slurm ({@code slurm-jobs.txt} in its folder, one id per line) and what
 * {@code squeue} says of their array tasks now.
 */
public final class SlurmQueue {

    static final String FILE = "slurm-jobs.txt";
    private static final Pattern SUBMITTED = Pattern.compile("Submitted batch job (\\d+)");
    private static final Pattern TASK = Pattern.compile("(\\d+)_(\\d+)\\s+(\\S+)");

    private SlurmQueue() {}

    /** Whether this sweep has submitted a job array. */
    public static boolean submitted(Path sweepFolder) {
        return Files.exists(sweepFolder.resolve(FILE));
    }

    /** Records the job {@code sbatch} answered with; false if its answer names none. */
    public static boolean record(Path sweepFolder, String sbatchAnswer) throws IOException {
        Matcher job = SUBMITTED.matcher(sbatchAnswer);
        if (!job.find()) {
            return false;
        }
        Files.writeString(
                sweepFolder.resolve(FILE),
                job.group(1) + "\n",
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return true;
    }

    /**
     * Each queued array task's state ({@code PENDING}, {@code RUNNING}, ...) by trial index, over the jobs this sweep
     * submitted; empty when it submitted none or {@code squeue} cannot be run.
     */
    public static Map<Integer, String> states(Path sweepFolder) {
        Path jobs = sweepFolder.resolve(FILE);
        Map<Integer, String> states = new HashMap<>();
        try {
            if (!Files.exists(jobs)) {
                return states;
            }
            List<String> ids =
                    Files.readAllLines(jobs).stream().filter(l -> !l.isBlank()).toList();
            List<String> command =
                    new ArrayList<>(List.of("squeue", "-h", "-r", "-o", "%i %T", "-j", String.join(",", ids)));
            Process squeue =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(squeue.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (squeue.waitFor() != 0) {
                return states; // jobs Slurm has forgotten make squeue fail: nothing of them is queued
            }
            Matcher task = TASK.matcher(output);
            while (task.find()) {
                states.put(Integer.parseInt(task.group(2)), task.group(3).toLowerCase(java.util.Locale.ROOT));
            }
        } catch (IOException e) {
            return states; // no squeue here
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return states;
    }
}
