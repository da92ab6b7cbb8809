package io.seedrpc.registry.app.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The answer to errors that reach the servlet container's error page rather than a controller advice (a filter
 * or the container refusing a request): the API's JSON {@link ApiError}, whatever the client accepts, in place
 * of Spring Boot's page, which is HTML for browsers.
 */
@RestController
final class ApiErrorController implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ApiError> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        HttpStatus status = code instanceof Integer value && HttpStatus.resolve(value) != null
                ? HttpStatus.valueOf(value) : HttpStatus.INTERNAL_SERVER_ERROR;
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return ApiExceptionHandler.error(status, null, status.getReasonPhrase()
                + (uri != null ? " (" + uri + ")" : ""));
    }
}
