package org.coopt.kernel;

import java.util.Objects;

/** An HTML fragment; a cell whose value is an {@code Html} shows it rendered. */
public record Html(String html) {
    public Html {
        Objects.requireNonNull(html, "html");
    }
}
