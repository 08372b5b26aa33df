package dev.voltstream.fraud.domain;

import java.util.Collection;

/**
 * A PostgreSQL text[] literal ({@code {"a","b"}}) for {@code = any(cast(:ids as text[]))}: a batch's ids travel as
 * one text parameter, so a query has one text and one plan whatever the batch size — where an HQL {@code in (:ids)}
 * list is translated to SQL and planned by PostgreSQL again for every list length.
 */
final class TextArray {
    private TextArray() {
    }

    /** Every value double-quoted, with {@code \} and {@code "} escaped by a backslash. */
    static String literal(Collection<String> values) {
        StringBuilder out = new StringBuilder(values.size() * 24 + 2).append('{');
        for (String value : values) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '"' || c == '\\') {
                    out.append('\\');
                }
                out.append(c);
            }
            out.append('"');
        }
        return out.append('}').toString();
    }
}
