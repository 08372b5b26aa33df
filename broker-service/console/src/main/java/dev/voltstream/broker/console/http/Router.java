package dev.voltstream.broker.console.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;

/**
 * Routes {@code METHOD /path/{param}} templates to {@link Route}s. A path that matches no template is a 404; one that
 * matches with another method is a 405.
 */
public final class Router {
    /** A route body: returns the reply, or throws {@link ProblemException} (other exceptions are mapped by the server). */
    @FunctionalInterface
    public interface Route {
        Reply handle(HttpCall call) throws Exception;
    }

    private record Entry(String method, Pattern pattern, List<String> names, Route route) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public Router add(String method, String template, Route route) {
        List<String> names = new ArrayList<>();
        Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last)));
        entries.add(new Entry(method, Pattern.compile(regex.toString()), names, route));
        return this;
    }

    public Reply dispatch(HttpExchange exchange) throws Exception {
        String path = exchange.getRequestURI().getRawPath();
        boolean pathMatched = false;
        for (Entry entry : entries) {
            Matcher m = entry.pattern.matcher(path);
            if (!m.matches()) {
                continue;
            }
            pathMatched = true;
            if (!entry.method.equals(exchange.getRequestMethod())) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < entry.names.size(); i++) {
                params.put(entry.names.get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
            }
            return entry.route.handle(new HttpCall(exchange, params));
        }
        if (pathMatched) {
            throw new ProblemException(405, "Method Not Allowed",
                    exchange.getRequestMethod() + " is not supported on " + path);
        }
        throw ProblemException.notFound("No API resource at " + path);
    }
}
