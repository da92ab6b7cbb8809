package io.seedrpc.registry.app.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's error report for requests it refuses before any servlet sees them (an encoded slash in the path,
 * a malformed request line), written as the API's JSON error instead of Tomcat's HTML page. Public with a
 * no-argument constructor because Tomcat creates it by class name.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(JsonErrorReportValve.class);

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        HttpStatus known = HttpStatus.resolve(status);
        String reason = known != null ? known.getReasonPhrase() : "Error";
        String message = status == 400 ? "the request was refused before it reached the registry: its path or "
                + "headers are malformed (encoded slashes and backslashes are not accepted)" : reason;
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("utf-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                // The same fields as ApiError; the texts are fixed, so no escaping is needed.
                writer.write("{\"status\":" + status + ",\"error\":\"" + reason + "\",\"message\":\"" + message
                        + "\"}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Cannot write the error report for a refused request", e);
        }
    }
}
