package dev.samlab.runner.packaged;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Slurm cluster on localhost for tests: munged (unless one runs already), then in the foreground a
 * MariaDB server and slurmdbd for job accounting (what {@code sacct} reads), slurmctld and slurmd, with minimal
 * configurations, all as root, stopped by {@link #close}. {@link #start} says why when it cannot start one.
 */
final class LocalSlurm implements AutoCloseable {

    private static final List<String> NEEDED = List.of(
            "/usr/sbin/munged",
            "/usr/sbin/slurmctld",
            "/usr/sbin/slurmd",
            "/usr/sbin/slurmdbd",
            "/usr/bin/sbatch",
            "/usr/bin/squeue",
            "/usr/bin/sacct",
            "/usr/sbin/mariadbd",
            "/usr/bin/mariadb-install-db");
    private static final int ACCOUNTING_PORT = 6819;

    private final Path conf;
    private final List<Process> daemons = new ArrayList<>();

    private LocalSlurm(Path conf) {
        this.conf = conf;
    }

    /** A started cluster, or why there is none. */
    record Start(LocalSlurm cluster, String whyNot) {}

    static Start start(Path folder) throws IOException, InterruptedException {
        String whyNot = whyNot();
        if (whyNot != null) {
            return new Start(null, whyNot);
        }
        LocalSlurm cluster = new LocalSlurm(folder.resolve("slurm.conf"));
        if (run("munge", "-n") != 0) {
            Files.createDirectories(Path.of("/run/munge"));
            cluster.daemon(List.of("/usr/sbin/munged", "--foreground", "--force"), folder.resolve("munged.out"));
            if (!cluster.await(10, () -> run("munge", "-n") == 0)) {
                cluster.close();
                return new Start(null, "munged does not start (is /etc/munge/munge.key there?)");
            }
        }
        int databasePort = freePort();
        if (!cluster.startDatabase(folder, databasePort)) {
            cluster.close();
            return new Start(null, "MariaDB does not start (logs in " + folder + ")");
        }
        cluster.writeConfiguration(folder, databasePort);
        cluster.daemon(List.of("/usr/sbin/slurmdbd", "-D"), folder.resolve("dbd.out"));
        if (!cluster.await(30, () -> accepts(ACCOUNTING_PORT))) {
            cluster.close();
            return new Start(null, "slurmdbd does not start (logs in " + folder + ")");
        }
        cluster.daemon(List.of("/usr/sbin/slurmctld", "-D", "-f", cluster.conf.toString()), folder.resolve("ctld.out"));
        cluster.daemon(List.of("/usr/sbin/slurmd", "-D", "-f", cluster.conf.toString()), folder.resolve("d.out"));
        if (!cluster.await(30, () -> cluster.output("sinfo", "-h", "-o", "%T").contains("idle"))) {
            cluster.close();
            return new Start(
                    null, "slurmctld and slurmd started, but the node never became idle (logs in " + folder + ")");
        }
        return new Start(cluster, null);
    }

    private static String whyNot() {
        for (String binary : NEEDED) {
            if (!Files.isExecutable(Path.of(binary))) {
                return binary + " is not installed (Debian: apt-get install slurm-wlm munge slurmdbd mariadb-server)";
            }
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            return "the daemons of a test cluster run as root, and this is " + System.getProperty("user.name");
        }
        for (int port : new int[] {6817, 6818, ACCOUNTING_PORT}) { // slurmctld's, slurmd's and slurmdbd's
            try (ServerSocket probe = new ServerSocket(port)) {
                probe.setReuseAddress(true);
            } catch (IOException inUse) {
                return "port " + port + " is taken: Slurm daemons already run here";
            }
        }
        return null;
    }

    /** A MariaDB server of its own, on a free port of 127.0.0.1, where slurmdbd keeps the cluster's accounting. */
    private boolean startDatabase(Path folder, int port) throws IOException, InterruptedException {
        Path data = folder.resolve("mariadb");
        String dataOption = "--datadir=" + data;
        if (run(
                        "/usr/bin/mariadb-install-db",
                        "--no-defaults",
                        dataOption,
                        "--user=root",
                        "--auth-root-authentication-method=normal",
                        "--skip-test-db")
                != 0) {
            return false;
        }
        daemon(
                List.of(
                        "/usr/sbin/mariadbd",
                        "--no-defaults",
                        dataOption,
                        "--user=root",
                        "--bind-address=127.0.0.1",
                        "--port=" + port,
                        "--socket=" + folder.resolve("mariadb.sock"),
                        "--pid-file=" + folder.resolve("mariadb.pid")),
                folder.resolve("mariadb.out"));
        return await(30, () -> accepts(port));
    }

    private void writeConfiguration(Path folder, int databasePort) throws IOException, InterruptedException {
        String host = output("hostname", "-s").trim();
        for (String sub : List.of("state", "spool")) {
            Files.createDirectories(folder.resolve(sub));
        }
        Files.writeString(
                conf,
                String.join(
                        "\n",
                        List.of(
                                "ClusterName=samlabtest",
                                "SlurmctldHost=" + host + "(127.0.0.1)",
                                "SlurmUser=root",
                                "SlurmdUser=root",
                                "AuthType=auth/munge",
                                "StateSaveLocation=" + folder.resolve("state"),
                                "SlurmdSpoolDir=" + folder.resolve("spool"),
                                "SlurmctldPidFile=" + folder.resolve("slurmctld.pid"),
                                "SlurmdPidFile=" + folder.resolve("slurmd.pid"),
                                "ProctrackType=proctrack/linuxproc",
                                "TaskPlugin=task/none",
                                "SelectType=select/cons_tres",
                                "SelectTypeParameters=CR_Core",
                                "ReturnToService=2",
                                "JobCompType=jobcomp/none",
                                "AccountingStorageType=accounting_storage/slurmdbd",
                                "AccountingStorageHost=127.0.0.1",
                                "AccountingStoragePort=" + ACCOUNTING_PORT,
                                "JobAcctGatherType=jobacct_gather/none",
                                "KillWait=60", // time for a run to checkpoint between scancel's SIGTERM and its SIGKILL
                                "MpiDefault=none",
                                "NodeName=" + host + " NodeAddr=127.0.0.1 CPUs="
                                        + Runtime.getRuntime().availableProcessors() + " RealMemory=4000 State=UNKNOWN",
                                "PartitionName=test Nodes=" + host + " Default=YES MaxTime=INFINITE State=UP",
                                "")));
        // slurmdbd reads slurmdbd.conf beside slurm.conf, and only if no one else may read it (it holds the database
        // login)
        Path accounting = folder.resolve("slurmdbd.conf");
        Files.writeString(
                accounting,
                String.join(
                        "\n",
                        List.of(
                                "AuthType=auth/munge",
                                "DbdHost=localhost",
                                "DbdAddr=127.0.0.1",
                                "DbdPort=" + ACCOUNTING_PORT,
                                "SlurmUser=root",
                                "PidFile=" + folder.resolve("slurmdbd.pid"),
                                "StorageType=accounting_storage/mysql",
                                "StorageHost=127.0.0.1",
                                "StoragePort=" + databasePort,
                                "StorageUser=root",
                                "StorageLoc=samlab_accounting",
                                "")));
        Files.setPosixFilePermissions(accounting, PosixFilePermissions.fromString("rw-------"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    private static boolean accepts(int port) {
        try (Socket connection = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /** What commands need to reach this cluster. */
    Map<String, String> environment() {
        return Map.of("SLURM_CONF", conf.toString());
    }

    /** A command's output, run against this cluster (squeue, scancel, sinfo). */
    String output(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor();
        return output;
    }

    /** Waits until no job is queued or running. */
    void awaitIdleQueue(long seconds) throws IOException, InterruptedException {
        if (!await(seconds, () -> output("squeue", "-h").isBlank())) {
            throw new AssertionError("jobs still queued after " + seconds + " s:\n" + output("squeue"));
        }
    }

    interface Condition {
        boolean holds() throws IOException, InterruptedException;
    }

    /** Whether {@code condition} came to hold within {@code seconds}. */
    boolean await(long seconds, Condition condition) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    /** Starts a daemon in the foreground, stopped by {@link #close}. */
    private void daemon(List<String> command, Path log) throws IOException {
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment());
        daemons.add(builder.start());
    }

    @Override
    public void close() {
        for (int i = daemons.size() - 1; i >= 0; i--) { // each daemon before those it needs
            Process daemon = daemons.get(i);
            daemon.destroy();
            try {
                if (!daemon.waitFor(20, TimeUnit.SECONDS)) {
                    daemon.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start()
                .waitFor();
    }
}
