package org.coopt.workbench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs {@code ./coopt ARGS} in this JVM with picocli's out and err captured, for tests in any package. */
public final class CliRun {
    private CliRun() {}

    /** Exit code, and what picocli's out and err received. */
    public record Run(int code, String out, String err) {}

    public static Run run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
