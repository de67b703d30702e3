package org.coopt.workbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.coopt.workbench.cli.CoreCommandsTest.Result;
import org.coopt.workbench.util.ByteSize;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The classes of user error of issue 22, each planted on the command line: an empty path, a sentinel value, a
 * number that overflows or is not finite, a path through a missing folder, a file where a folder is needed; each
 * must give exit 2 and one stderr line that names the user's text and no exception class, and write nothing. And
 * every command's {@code --help} prints its own usage, exits 0 and does nothing else.
 */
class UserErrorsTest {
    @TempDir
    Path dir;

    static final String[] INIT = {"platform", "init", "--dataset", "synthetic:train:200", "--participants", "2",
        "--dim", "4"};

    static String[] init(String... more) {
        String[] a = java.util.Arrays.copyOf(INIT, INIT.length + more.length);
        System.arraycopy(more, 0, a, INIT.length, more.length);
        return a;
    }

    static void assertOneLine(Result r, String fragment) {
        BadInputTest.assertUserError(r, fragment);
        assertFalse(r.err().matches("(?s).*\\b[A-Z][A-Za-z]*Exception\\b.*"), "no exception class name: " + r.err());
    }

    @Test
    void emptyAndBlankPathsAreRefusedEverywhere() {
        assertOneLine(CoreCommandsTest.run(init("--dir", "")), "an empty path");
        assertOneLine(CoreCommandsTest.run(init("--dir", "   ")), "an empty path");
        assertOneLine(CoreCommandsTest.run("platform", "status", "--dir", ""), "an empty path");
        assertOneLine(CoreCommandsTest.run("uniformity", "--features", ""), "an empty path");
        assertOneLine(CoreCommandsTest.run("student", "--data", " "), "an empty path");
        assertFalse(Files.exists(Path.of("platform.json")), "nothing written into the current folder");
    }

    @Test
    void noNumberSelectsTheRelativeLambdaAndNoNonFiniteNumberIsAccepted() {
        for (String bad : new String[] {"-1", "-0.5", "NaN", "Infinity", "1e999"}) {
            Result r = CoreCommandsTest.run(init("--dir", dir.resolve("p").toString(), "--lambda", bad));
            assertOneLine(r, bad.equals("1e999") || bad.startsWith("N") || bad.startsWith("I") ? "'" + bad + "'" : "λ >= 0");
            assertFalse(Files.exists(dir.resolve("p")), "--lambda " + bad + ": no folder");
        }
        assertOneLine(CoreCommandsTest.run("align", "--source", "a.npy", "--reference", "b.npy", "--out",
                dir.resolve("t.npy").toString(), "--lambda", "-1"), "λ >= 0");
        Result ok = CoreCommandsTest.run(init("--dir", dir.resolve("q").toString()));
        assertEquals(0, ok.code(), ok.err());
    }

    @Test
    void overflowingNumbersAreRefusedNamingTheUsersText() {
        assertOneLine(CoreCommandsTest.run(init("--dir", dir.resolve("p").toString(), "--participants", "99999999999")),
                "'99999999999'");
        assertOneLine(CoreCommandsTest.run("platform", "init", "--dir", dir.resolve("p").toString(), "--dataset",
                "synthetic:train:99999999999", "--participants", "2"), "'99999999999'");
        assertOneLine(CoreCommandsTest.run("student", "--data", dir.toString(), "--epochs", "-3"), "--epochs >= 1");
        assertFalse(Files.exists(dir.resolve("p")));
    }

    @Test
    void pathsThatCannotBeAFolderAreOneLineAboutTheUsersPathAndLeaveNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("hostname"), "x");
        assertOneLine(CoreCommandsTest.run(init("--dir", file.toString())), file.toString());
        assertOneLine(CoreCommandsTest.run(init("--dir", file.resolve("sub").toString())), file.resolve("sub").toString());
        String up = dir.resolve("missing").toString() + "/../dd";
        assertOneLine(CoreCommandsTest.run(init("--dir", up)), up);
        try (var s = Files.list(dir)) {
            assertEquals(List.of("hostname"), s.map(p -> p.getFileName().toString()).toList(), "nothing half-made");
        }
        assertFalse(Main.fileSystemMessage(new java.nio.file.FileAlreadyExistsException("/x")).contains("Exception"));
        assertFalse(Main.fileSystemMessage(new java.nio.file.FileSystemException("/x")).contains("Exception"));
    }

    @Test
    void aBrokenJsonFileIsOneLineWithoutTheParsersClassNames() throws Exception {
        Result ok = CoreCommandsTest.run(init("--dir", dir.resolve("p").toString()));
        assertEquals(0, ok.code(), ok.err());
        Files.writeString(dir.resolve("p/platform.json"), "{\"protocol\": ");
        assertOneLine(CoreCommandsTest.run("platform", "status", "--dir", dir.resolve("p").toString()),
                "is not a valid PlatformInfo JSON file");
        assertEquals("End of input at line 1", org.coopt.workbench.util.PlainMessage.of(
                "java.io.EOFException: End of input at line 1"));
    }

    @Test
    void sizesInMessagesAreNeverRoundedToZero() {
        assertEquals("0 B", ByteSize.format(0));
        assertEquals("812 B", ByteSize.format(812));
        assertEquals("1.50 KiB", ByteSize.format(1536));
        assertEquals("41.5 MiB", ByteSize.format((long) (41.5 * (1 << 20))));
        assertEquals("2.00 GiB", ByteSize.format(2L << 30));
    }

    /** Every command and subcommand, as the argument lists that name it. */
    static List<List<String>> commands(CommandLine cl, List<String> path, List<List<String>> out) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (e.getKey().equals("help") || !e.getValue().getCommandName().equals(e.getKey())) {
                continue; // picocli's help command, aliases
            }
            List<String> p = new ArrayList<>(path);
            p.add(e.getKey());
            out.add(p);
            commands(e.getValue(), p, out);
        }
        return out;
    }

    @Test
    void everyHelpPrintsItsOwnUsageExitsZeroAndDoesNothingElse() {
        List<List<String>> all = commands(Main.commandLine(), List.of(), new ArrayList<>());
        assertTrue(all.size() >= 25, "every command is listed: " + all);
        for (List<String> c : all) {
            List<String> args = new ArrayList<>(c);
            args.add("--help");
            CliRun.Run r = CliRun.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), c + ": " + r.err());
            assertTrue(r.out().startsWith("Usage: coopt " + String.join(" ", c) + " "), c + ": " + r.out());
            assertEquals("", r.err(), c + " prints nothing else");
        }
    }
}
