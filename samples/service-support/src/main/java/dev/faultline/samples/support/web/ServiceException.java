// SPDX-License-Identifier: Apache-2.0
package dev.faultline.samples.support.web;

import org.springframework.http.HttpStatus;

/**
 * A request that ends with an expected failure: a status and a reason the caller can read, and, for
 * invalid input, the field at fault. Answered as {@code {"error", "field", "service", "instance"}}
 * with one log line and no stack trace.
 */
public class ServiceException extends RuntimeException {
    private final HttpStatus status;
    private final String field;

    public ServiceException(HttpStatus status, String reason) {
        this(status, reason, null, null);
    }

    public ServiceException(HttpStatus status, String reason, Throwable cause) {
        this(status, reason, null, cause);
    }

    private ServiceException(HttpStatus status, String reason, String field, Throwable cause) {
        super(reason, cause, false, false);
        this.status = status;
        this.field = field;
    }

    /** Invalid input in {@code field}: 400 with the field named in the body. */
    public static ServiceException badRequest(String field, String reason) {
        return new ServiceException(HttpStatus.BAD_REQUEST, field + ": " + reason, field, null);
    }

    public static ServiceException unavailable(String reason) {
        return new ServiceException(HttpStatus.SERVICE_UNAVAILABLE, reason);
    }

    public static ServiceException unavailable(String reason, Throwable cause) {
        return new ServiceException(HttpStatus.SERVICE_UNAVAILABLE, reason, cause);
    }

    public HttpStatus status() {
        return status;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
