package dev.voltstream.broker.console;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import dev.voltstream.broker.console.http.Reply;

/** The UI's files, served from the jar's {@code dev/voltstream/broker/console/ui/} resources. */
final class StaticResources {
    private static final String ROOT = "dev/voltstream/broker/console/ui";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "yaml", "application/yaml; charset=utf-8",
            "json", "application/json");

    private StaticResources() {
    }

    /** The file at {@code path} ("/" is index.html), or null if there is none. */
    static Reply load(String path) throws IOException {
        String name = path.equals("/") || path.isEmpty() ? "/index.html" : path;
        if (name.contains("..") || name.contains("//")) {
            return null;
        }
        String resource = ROOT + name;
        try (InputStream in = StaticResources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            String ext = name.substring(name.lastIndexOf('.') + 1);
            return new Reply(200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
        }
    }
}
