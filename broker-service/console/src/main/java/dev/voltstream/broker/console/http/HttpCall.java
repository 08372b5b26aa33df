package dev.voltstream.broker.console.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.sun.net.httpserver.HttpExchange;

/** One request as a route sees it: its path parameters, query parameters and body. */
public final class HttpCall {
    private final HttpExchange exchange;
    private final Map<String, String> pathParams;
    private final Map<String, String> query;

    HttpCall(HttpExchange exchange, Map<String, String> pathParams) {
        this.exchange = exchange;
        this.pathParams = pathParams;
        this.query = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    /** What the server attached to the exchange under {@code name} (e.g. the authenticated caller), or null. */
    public Object attribute(String name) {
        return exchange.getAttribute(name);
    }

    public String path(String name) {
        return pathParams.get(name);
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(query.get(name)).filter(v -> !v.isEmpty());
    }

    public int queryInt(String name, int fallback) {
        return query(name).map(v -> parseInt(name, v)).orElse(fallback);
    }

    public long queryLong(String name, long fallback) {
        return query(name).map(v -> {
            try {
                return Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("Query parameter '" + name + "' must be a number, not '" + v + "'");
            }
        }).orElse(fallback);
    }

    /** The JSON body as {@code type}; a missing or malformed body is a 400 problem. */
    public <T> T body(Class<T> type) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                throw ProblemException.badRequest("A JSON request body is required");
            }
            return Json.read(new java.io.ByteArrayInputStream(bytes), type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw ProblemException.badRequest("The request body is not valid JSON for this call: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.badRequest("Cannot read the request body: " + e.getMessage());
        }
    }

    static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("Query parameter '" + name + "' must be an integer, not '" + value + "'");
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(key, value);
        }
        return params;
    }
}
