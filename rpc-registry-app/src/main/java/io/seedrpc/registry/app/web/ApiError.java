package io.seedrpc.registry.app.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON body of every error answer of the API.
 *
 * @param status  the HTTP status, repeated for clients that only keep the body
 * @param error   the status's reason phrase
 * @param field   the JSON field, query parameter or {@code "body"} at fault; absent when no one field is
 * @param message what was wrong, for a person
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ApiError(int status, String error, String field, String message) {
}
