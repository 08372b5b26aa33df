package dev.voltstream.billing.rest;

import dev.voltstream.kit.rest.ProblemException;
import java.util.regex.Pattern;

/** Checks on path and query parameters; failures become 400 problems. */
final class Params {
    /** Largest page a client may ask for. */
    static final int MAX_PAGE_SIZE = 500;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Params() {
    }

    static String id(String value, String name) {
        if (value == null || !ID.matcher(value).matches()) {
            throw ProblemException.badRequest(name + " must be 1-128 characters of letters, digits, '.', '_', ':' or '-'");
        }
        return value;
    }

    static int page(int page) {
        if (page < 0) {
            throw ProblemException.badRequest("page must not be negative: " + page);
        }
        return page;
    }

    static int size(int size) {
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw ProblemException.badRequest("size must be between 1 and " + MAX_PAGE_SIZE + ": " + size);
        }
        return size;
    }
}
