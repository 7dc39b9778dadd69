package dev.samlab.runner.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.samlab.runner.io.AtomicFile;
import dev.samlab.runner.train.RunManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code provenance.json}: what produced a run (SamLab and its plugins with their versions, backend, hardware,
 * seed, the config's hash, the labels label noise changed), and when each session of it started, so a result can be traced and repeated.
 */
public final class Provenance {

    public static final String FILE = "provenance.json";

    private Provenance() {}

    /** A new run's id: unique, so that a folder's lock and its provenance.json can be matched. */
    public static String newRunId() {
        return UUID.randomUUID().toString();
    }

    /** The run id a provenance.json records; empty if it records none or cannot be read. */
    public static Optional<String> runIdOf(Path file) {
        try {
            String id = new ObjectMapper().readTree(file.toFile()).path("runId").asText("");
            return id.isEmpty() ? Optional.empty() : Optional.of(id);
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }

    /** Writes the file, or adds this session to it when resuming. */
    public static void record(
            Path file, String runId, long seed, String resolvedConfig, RunManifest manifest, boolean resume)
            throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<String> sessions = new ArrayList<>();
        if (resume && Files.exists(file)) {
            json.readTree(file.toFile()).path("sessions").forEach(s -> sessions.add(s.asText()));
        }
        sessions.add(Instant.now().toString());
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("runId", runId);
        provenance.put("samlab", manifest.samlab());
        provenance.put("plugins", manifest.plugins());
        provenance.put("configSha256", sha256(resolvedConfig));
        if (manifest.labelNoise() != null) {
            provenance.put("labelNoise", manifest.labelNoise());
        }
        provenance.put("seed", seed);
        provenance.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        provenance.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        provenance.put("cores", Runtime.getRuntime().availableProcessors());
        provenance.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        provenance.put(
                "nd4j",
                Nd4j.getExecutioner().getEnvironmentInformation().entrySet().stream()
                        .filter(e -> List.of("backend", "blas.vendor", "omp.threads", "cores")
                                .contains(e.getKey().toString()))
                        .collect(Collectors.toMap(
                                e -> e.getKey().toString(), e -> e.getValue().toString(), (a, b) -> a, TreeMap::new)));
        provenance.put("helpersDisabled", System.getProperty("org.eclipse.deeplearning4j.helpers.disable"));
        provenance.put("sessions", sessions);
        byte[] content = json.writeValueAsBytes(provenance);
        AtomicFile.write(file, out -> out.write(content));
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
