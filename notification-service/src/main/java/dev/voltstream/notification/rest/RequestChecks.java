package dev.voltstream.notification.rest;

import dev.voltstream.kit.rest.ProblemException;
import dev.voltstream.contracts.StationStatus;
import java.util.Arrays;
import java.util.regex.Pattern;

/** Checks of path and query parameters; a failed check is a 400 problem. */
final class RequestChecks {
    /** Account and station ids: short, printable, no separators that would confuse paths or logs. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");
    static final int MAX_PAGE_SIZE = 200;

    private RequestChecks() {
    }

    static String id(String value, String what) {
        if (value == null || !ID.matcher(value).matches()) {
            throw ProblemException.badRequest(what + " must match " + ID.pattern() + ", got: " + value);
        }
        return value;
    }

    static String optionalId(String value, String what) {
        return value == null || value.isEmpty() ? null : id(value, what);
    }

    static void page(int page, int size) {
        if (page < 0) {
            throw ProblemException.badRequest("page must be 0 or more, got " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.badRequest("size must be 1.." + MAX_PAGE_SIZE + ", got " + size);
        }
    }

    static StationStatus optionalStatus(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return StationStatus.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(
                    "status must be one of " + Arrays.toString(StationStatus.values()) + ", got: " + value);
        }
    }
}
