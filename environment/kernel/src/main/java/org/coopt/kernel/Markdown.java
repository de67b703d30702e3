package org.coopt.kernel;

import java.util.Objects;

/** Markdown text; a cell whose value is a {@code Markdown} shows it rendered. */
public record Markdown(String text) {
    public Markdown {
        Objects.requireNonNull(text, "text");
    }
}
