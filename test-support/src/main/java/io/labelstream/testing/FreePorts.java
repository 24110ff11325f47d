package io.labelstream.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Ports free on the loopback interface, for a platform that must not meet one a developer has running. */
public final class FreePorts {

    private FreePorts() {
    }

    /**
     * One free port per name, all different: each is held until all are found. Another process may still take one
     * before the caller binds it; the launcher then names the port it found taken.
     */
    public static Map<String, Integer> reserve(final String... names) throws IOException {
        final Map<String, Integer> found = new LinkedHashMap<>();
        final List<ServerSocket> held = new ArrayList<>();
        try {
            for (final String name : names) {
                final ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(socket);
                found.put(name, socket.getLocalPort());
            }
        } finally {
            for (final ServerSocket socket : held) {
                socket.close();
            }
        }
        return found;
    }
}
