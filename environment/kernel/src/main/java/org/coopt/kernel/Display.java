package org.coopt.kernel;

import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import io.github.spencerpark.jupyter.kernel.display.Renderer;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Display helpers for notebook cells, statically imported in every session:
 * <pre>{@code
 * display(ImageGrid.render(ds, idx, 8, 2));   // a BufferedImage, inline PNG
 * display(chart);                             // an XChart chart, inline PNG
 * display(table);                             // a Tablesaw table, HTML table
 * markdown("**Accuracy** 91.2 %");            // rendered Markdown
 * html("<b>done</b>");
 * }</pre>
 * A cell's last expression is shown the same way without calling {@code display}. Outside a kernel
 * (plain Java) the helpers print the object's text form to stdout.
 */
public final class Display {

    private static volatile Renderer renderer;
    private static volatile Consumer<DisplayData> sink;

    private Display() {}

    /** Called by the kernel (and by tests) to route displays; {@code null}s restore the stdout fallback. */
    public static void install(Renderer r, Consumer<DisplayData> s) {
        renderer = r;
        sink = s;
    }

    /** Shows {@code value} now, rendered as the richest type the kernel knows for it. */
    public static void display(Object value) {
        Renderer r = renderer;
        Consumer<DisplayData> s = sink;
        if (r == null || s == null) {
            System.out.println(value);
            return;
        }
        s.accept(value instanceof DisplayData d ? d : r.render(value));
    }

    /** Shows Markdown text rendered. */
    public static void markdown(String text) {
        display(new Markdown(Objects.requireNonNull(text, "text")));
    }

    /** Shows an HTML fragment rendered. */
    public static void html(String fragment) {
        display(new Html(Objects.requireNonNull(fragment, "fragment")));
    }
}
