package dev.samlab.datasets.fetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An HTTP server on 127.0.0.1 serving files whole, or misbehaving as real servers do. */
public final class TestServer implements AutoCloseable {

    /** How a file is served. */
    public enum Mode {
        WHOLE,
        /** The body stops after half its bytes and the connection closes. */
        CUT_HALFWAY,
        /** Half the body is sent, then nothing more until the server closes. */
        STALL_HALFWAY,
        /** The request is accepted and never answered. */
        SILENT,
        /** One byte every 500 ms: never silent for long, never done. */
        TRICKLE
    }

    private record Served(Path file, Mode mode) {}

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Map<String, Served> files = new ConcurrentHashMap<>();
    private final AtomicInteger requests = new AtomicInteger();

    public TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(handlers);
        server.createContext("/", this::answer);
        server.start();
    }

    private void answer(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        Served served = files.get(exchange.getRequestURI().getPath().substring(1));
        if (served == null) {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        if (served.mode() == Mode.SILENT) {
            awaitClose();
            exchange.close();
            return;
        }
        byte[] bytes = Files.readAllBytes(served.file());
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (served.mode() == Mode.TRICKLE) {
                trickle(bytes, out);
                return;
            }
            out.write(bytes, 0, served.mode() == Mode.WHOLE ? bytes.length : bytes.length / 2);
            out.flush();
            if (served.mode() == Mode.STALL_HALFWAY) {
                awaitClose();
            }
            if (served.mode() != Mode.WHOLE) {
                exchange.getHttpContext().getServer().stop(0); // drop the connection mid-body
            }
        } catch (IOException ignored) {
            // the client saw the cut
        }
    }

    private void trickle(byte[] bytes, OutputStream out) throws IOException {
        try {
            for (int i = 0; i < bytes.length && !closing.await(500, TimeUnit.MILLISECONDS); i++) {
                out.write(bytes[i]);
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitClose() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Serves {@code file} at {@code /name}. */
    public URI serve(String name, Path file, Mode mode) {
        files.put(name, new Served(file, mode));
        return base().resolve(name);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** How many requests have come in, answered or not. */
    public int requests() {
        return requests.get();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        handlers.shutdownNow();
    }
}
