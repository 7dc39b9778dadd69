package dev.samlab.datasets.fetch;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A server on 127.0.0.1 whose answer sends more bytes than its Content-Length announces, which {@link TestServer}'s
 * well-behaved server cannot. It answers one request.
 */
final class OverlongServer implements AutoCloseable {

    private final ServerSocket socket;

    OverlongServer(int announced, byte[] body) throws IOException {
        socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread answering = new Thread(() -> answer(announced, body), "overlong-server");
        answering.setDaemon(true);
        answering.start();
    }

    private void answer(int announced, byte[] body) {
        try (Socket client = socket.accept()) {
            OutputStream out = client.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + announced + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            client.shutdownOutput();
            client.getInputStream().transferTo(OutputStream.nullOutputStream()); // until the client hangs up
        } catch (IOException ignored) {
            // the client hung up, as it should
        }
    }

    URI uri(String name) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + "/" + name);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
