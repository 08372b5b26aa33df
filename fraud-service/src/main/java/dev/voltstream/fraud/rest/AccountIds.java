package dev.voltstream.fraud.rest;

import dev.voltstream.kit.rest.ProblemException;
import java.util.regex.Pattern;

/** Validation of path and query input shared by the resources. */
final class AccountIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    static final int MAX_LIMIT = 500;

    private AccountIds() {
    }

    static String valid(String id, String what) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ProblemException.badRequest(what + " must be 1-64 characters of letters, digits, '.', '_', ':', '-'");
        }
        return id;
    }

    static int validLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ProblemException.badRequest("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        return limit;
    }
}
