package dev.voltstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

    @Test
    void replacesTheDatabaseAndKeepsParameters() {
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://db:5432/postgres?sslmode=disable", "t1"))
                .isEqualTo("jdbc:postgresql://db:5432/t1?sslmode=disable");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://localhost/", "t1")).isEqualTo("jdbc:postgresql://localhost/t1");
        assertThat(JdbcUrls.withDatabase("jdbc:postgresql://localhost:5433", "t1"))
                .isEqualTo("jdbc:postgresql://localhost:5433/t1");
    }

    @Test
    void readsTheDatabase() {
        assertThat(JdbcUrls.database("jdbc:postgresql://db:5432/voltstream?x=y")).isEqualTo("voltstream");
        assertThat(JdbcUrls.database("jdbc:postgresql://db:5432")).isEqualTo("postgres");
    }

    @Test
    void rejectsOtherUrls() {
        assertThatThrownBy(() -> JdbcUrls.withDatabase("jdbc:mysql://db/x", "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
