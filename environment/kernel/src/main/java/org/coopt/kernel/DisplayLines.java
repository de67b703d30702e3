package org.coopt.kernel;

import com.google.gson.Gson;
import io.github.spencerpark.jupyter.kernel.display.DisplayData;
import java.io.PrintStream;

/**
 * A display made in a child JVM, as one line of its stdout: {@value #MARK}{@code show|update JSON}. The child's
 * stdout is the only channel from a running cell to the kernel that keeps the order of text and displays, so a
 * display travels in it; {@link RelayedOutput} takes the lines out of the stream again. The mark begins with two
 * ASCII record separators, which printed text does not contain.
 */
final class DisplayLines {
    static final String MARK = "\u001e\u001ecoopt-display ";
    private static final Gson GSON = new Gson();

    private DisplayLines() {}

    /** The display as a JSON object (no line breaks). */
    static String json(DisplayData data) {
        return GSON.toJson(data);
    }

    static DisplayData fromJson(String json) {
        return GSON.fromJson(json, DisplayData.class);
    }

    /** A sink that prints each display as one line on {@code out()} (the child's current stdout). */
    static DisplaySink printing(java.util.function.Supplier<PrintStream> out) {
        return new DisplaySink() {
            @Override
            public void show(DisplayData data) {
                print("show " + json(data));
            }

            @Override
            public void update(String id, DisplayData data) {
                data.setDisplayId(id);
                print("update " + json(data));
            }

            private void print(String line) {
                PrintStream o = out.get();
                synchronized (o) {
                    o.print(MARK + line + "\n");
                    o.flush();
                }
            }
        };
    }

    /** Outside a kernel: a display's text form on stdout, as {@link Display} does without a kernel. */
    static DisplaySink textOnly() {
        return new DisplaySink() {
            @Override
            public void show(DisplayData data) {
                System.out.println(data.getData(io.github.spencerpark.jupyter.kernel.display.mime.MIMEType.TEXT_PLAIN));
            }

            @Override
            public void update(String id, DisplayData data) {
                show(data);
            }
        };
    }

    /** Hands the display in {@code line} (without the mark) to {@code sink}; false when it is not one. */
    static boolean dispatch(String line, DisplaySink sink) {
        if (line.startsWith("show ")) {
            sink.show(fromJson(line.substring(5)));
            return true;
        }
        if (line.startsWith("update ")) {
            DisplayData d = fromJson(line.substring(7));
            sink.update(d.getDisplayId(), d);
            return true;
        }
        return false;
    }
}
