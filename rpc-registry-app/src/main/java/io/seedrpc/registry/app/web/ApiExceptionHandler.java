package io.seedrpc.registry.app.web;

import io.seedrpc.registry.app.live.TooManyWatchersException;
import io.seedrpc.registry.app.store.StoreFullException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns the API's refusals into {@link ApiError} bodies with the right status. */
@RestControllerAdvice(assignableTypes = {InstanceController.class, ServiceController.class})
final class ApiExceptionHandler {

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
                .body(new ApiError(503, HttpStatus.SERVICE_UNAVAILABLE.getReasonPhrase(), "index", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unauthorized(UnauthorizedException e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"rpc-registry\"")
                .body(new ApiError(401, HttpStatus.UNAUTHORIZED.getReasonPhrase(), null, e.getMessage()));
    }

    static ResponseEntity<ApiError> error(HttpStatus status, String field, String message) {
        return ResponseEntity.status(status).body(new ApiError(status.value(), status.getReasonPhrase(), field, message));
    }
}
