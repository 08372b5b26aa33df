package dev.voltstream.broker.console.http;

import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}). {@code errors} lists field-level validation
 * failures, an extension member, so a form can show each message next to its field.
 */
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors) {

    /** One invalid input field and why. */
    public record FieldError(String field, String message) {
    }
}
