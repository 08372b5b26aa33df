package dev.voltstream.billing.service;

import dev.voltstream.kit.consumer.PoisonRecordException;
import java.util.regex.Pattern;

/** Checks on incoming ids: present, short, and made of characters that are safe in URLs and logs. */
final class Validation {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Validation() {
    }

    static void requireId(String value, String field) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new PoisonRecordException(field + " is missing or malformed: " + value);
        }
    }
}
