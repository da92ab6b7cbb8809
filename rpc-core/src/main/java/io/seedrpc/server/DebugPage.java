package io.seedrpc.server;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Renders {@code GET /debug/rpc}: every exposed service and method with its counts and latency. */
final class DebugPage {

    private DebugPage() {
    }

    static String render(List<MethodStatsSnapshot> stats, int inFlight, int connections) {
        StringBuilder html = new StringBuilder(2048)
                .append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>SeedRPC services</title>")
                .append("<style>body{font-family:sans-serif}table{border-collapse:collapse}")
                .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}")
                .append("th:first-child,td:first-child,th:nth-child(2),td:nth-child(2){text-align:left}</style>")
                .append("</head><body>\n<h1>SeedRPC services</h1>\n<p>")
                .append(inFlight).append(" calls in flight, ").append(connections).append(" connections</p>\n")
                .append("<p>The services as JSON, with parameter names and types to call them over HTTP: ")
                .append("<a href=\"/rpc\">GET /rpc</a></p>\n")
                .append("<table>\n<tr><th>Service</th><th>Method</th><th>Calls</th><th>Errors</th>")
                .append("<th>Mean (µs)</th><th>p99 (µs)</th></tr>\n");
        stats.stream()
                .sorted(Comparator.comparing(MethodStatsSnapshot::serviceKey).thenComparing(MethodStatsSnapshot::methodKey))
                .forEach(s -> html.append("<tr><td>").append(escape(s.serviceKey()))
                        .append("</td><td>").append(escape(s.methodKey()))
                        .append("</td><td>").append(s.calls())
                        .append("</td><td>").append(s.errors())
                        .append("</td><td>").append(String.format(Locale.ROOT, "%.1f", s.meanMicros()))
                        .append("</td><td>").append(String.format(Locale.ROOT, "%.1f", s.p99Micros()))
                        .append("</td></tr>\n"));
        return html.append("</table>\n</body></html>\n").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
