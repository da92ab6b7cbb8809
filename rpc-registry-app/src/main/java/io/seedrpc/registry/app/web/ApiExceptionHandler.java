package io.seedrpc.registry.app.web;

import io.seedrpc.registry.app.live.TooManyWatchersException;
import io.seedrpc.registry.app.store.StoreFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns the API's refusals into {@link ApiError} bodies with the right status. It applies to every handler, not
 * only the API's controllers: a path no controller maps (a trailing slash, {@code .json}, a typo) is served by the
 * static-resource handler, and its refusals — the bearer-token check, not found, wrong method — must be JSON
 * too, never a 500.
 */
@RestControllerAdvice
final class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler
    ResponseEntity<ApiError> invalid(InvalidRequestException e) {
        return error(HttpStatus.BAD_REQUEST, e.field(), e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ApiError> full(StoreFullException e) {
        // 400 rather than 503 by the API's contract: the client asked for more than this registry allows.
        return error(HttpStatus.BAD_REQUEST, "id", e.getMessage() + "; a new instance cannot be added");
    }

    @ExceptionHandler
    ResponseEntity<ApiError> tooManyWatchers(TooManyWatchersException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .contentType(MediaType.APPLICATION_JSON).body(new ApiError(503, HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase(), "index", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> notFound(NoResourceFoundException e) {
        return error(HttpStatus.NOT_FOUND, null, "there is nothing at " + e.getHttpMethod() + " /"
                + e.getResourcePath() + "; the API is under /api/v1/instances and /api/v1/services");
    }

    @ExceptionHandler
    ResponseEntity<ApiError> wrongMethod(HttpRequestMethodNotSupportedException e) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED)
                .contentType(MediaType.APPLICATION_JSON);
        if (e.getSupportedHttpMethods() != null) {
            answer.allow(e.getSupportedHttpMethods().toArray(HttpMethod[]::new));
        }
        return answer.body(new ApiError(405, HttpStatus.METHOD_NOT_ALLOWED.getReasonPhrase(), null,
                e.getMethod() + " is not allowed here; allowed: " + e.getSupportedHttpMethods()));
    }

    /** What Spring MVC itself refuses (an unsupported media type, a missing parameter): its status, as JSON. */
    @ExceptionHandler
    ResponseEntity<ApiError> refusedByMvc(ErrorResponseException e) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        String detail = e.getBody().getDetail();
        return error(status, null, detail != null ? detail : status.getReasonPhrase());
    }

    @ExceptionHandler({HttpMediaTypeNotSupportedException.class, HttpMediaTypeNotAcceptableException.class,
            MissingServletRequestParameterException.class})
    ResponseEntity<ApiError> refusedRequest(org.springframework.web.ErrorResponse e) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        String detail = e.getBody().getDetail();
        return error(status, null, detail != null ? detail : status.getReasonPhrase());
    }

    /** A bug: logged with its stack trace, answered as JSON without one. */
    @ExceptionHandler
    ResponseEntity<ApiError> unexpected(Exception e) {
        log.error("Unexpected failure answering an API request", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, null, "the registry failed to answer; see its log");
    }

    static ResponseEntity<ApiError> error(HttpStatus status, String field, String message) {
        // The content type is set, not negotiated: a client asking for HTML gets the API's JSON all the same.
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new ApiError(status.value(), status.getReasonPhrase(), field, message));
    }
}
