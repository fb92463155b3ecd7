// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.web;

import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of a request into a JSON error body; expected failures log one line, no stack
 * trace.
 */
@RestControllerAdvice
public class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private final ErrorBodies bodies;

    public ErrorResponses(ErrorBodies bodies) {
        this.bodies = bodies;
    }

    @ExceptionHandler(ServiceException.class)
    public ResponseEntity<Map<String, Object>> serviceException(
            ServiceException e, HttpServletRequest request) {
        return bodies.answer(request, e.status(), e.getMessage(), e.field());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    public ResponseEntity<Map<String, Object>> unreadableBody(
            HttpMessageNotReadableException e, HttpServletRequest request) {
        if (e.getCause() instanceof MismatchedInputException mismatch
                && !mismatch.getPath().isEmpty()) {
            String field =
                    mismatch.getPath().stream()
                            .map(
                                    ref ->
                                            ref.getFieldName() == null
                                                    ? "[" + ref.getIndex() + "]"
                                                    : ref.getFieldName())
                            .collect(Collectors.joining("."));
            String expected =
                    mismatch instanceof InvalidFormatException invalid
                            ? describe(invalid.getTargetType())
                            : "another type";
            return bodies.answer(
                    request, HttpStatus.BAD_REQUEST, field + ": expected " + expected, field);
        }
        return bodies.answer(
                request, HttpStatus.BAD_REQUEST, "request body: expected a JSON object", null);
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class) {
            return "a whole number";
        }
        return type == String.class ? "a string" : "a " + type.getSimpleName();
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    public ResponseEntity<Map<String, Object>> badParameter(
            MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        return bodies.answer(
                request,
                HttpStatus.BAD_REQUEST,
                e.getName() + ": '" + e.getValue() + "' is not valid",
                e.getName());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    public ResponseEntity<Map<String, Object>> noSuchPath(
            NoResourceFoundException e, HttpServletRequest request) {
        return bodies.answer(
                request,
                HttpStatus.NOT_FOUND,
                "no such resource: " + request.getRequestURI(),
                null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> wrongMethod(
            HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        return bodies.answer(request, HttpStatus.METHOD_NOT_ALLOWED, e.getMessage(), null);
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    public ResponseEntity<Map<String, Object>> wrongMediaType(
            HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        return bodies.answer(
                request,
                HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "request body: expected application/json",
                null);
    }

    /** A failure nobody expected: the stack trace is worth having here. */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<Map<String, Object>> unexpected(Exception e, HttpServletRequest request) {
        log.error("{} {} failed", request.getMethod(), request.getRequestURI(), e);
        return bodies.answer(
                request, HttpStatus.INTERNAL_SERVER_ERROR, "internal error: " + e, null);
    }
}
