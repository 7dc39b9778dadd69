package dev.samlab.datasets.fetch;

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

/** An HTTP server on 127.0.0.1 serving files, or cutting a response off half-way. */
public final class TestServer implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, Path> files = new ConcurrentHashMap<>();
    private final Map<String, Boolean> cut = new ConcurrentHashMap<>();

    public TestServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String name = exchange.getRequestURI().getPath().substring(1);
            Path file = files.get(name);
            if (file == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes, 0, cut.getOrDefault(name, false) ? bytes.length / 2 : bytes.length);
                out.flush();
                if (cut.getOrDefault(name, false)) {
                    exchange.getHttpContext().getServer().stop(0); // drop the connection mid-body
                }
            } catch (IOException ignored) {
                // the client saw the cut
            }
        });
        server.start();
    }

    /** Serves {@code file} at {@code /name}; with {@code cutHalfway} the body stops after half its bytes. */
    public URI serve(String name, Path file, boolean cutHalfway) {
        files.put(name, file);
        cut.put(name, cutHalfway);
        return base().resolve(name);
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
