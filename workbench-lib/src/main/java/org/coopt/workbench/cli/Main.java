package org.coopt.workbench.cli;

import org.coopt.workbench.util.UserInputException;
import java.io.PrintWriter;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./coopt} command line. Library commands are listed in {@link #SUBCOMMANDS}; modules
 * further up (the experiments) add theirs through {@link java.util.ServiceLoader} of
 * {@link CommandProvider}. Errors the user can fix ({@link UserInputException}, bad options) print one
 * line to stderr and exit with code 2; everything else is a bug and keeps its stack trace (exit 1).
 */
@Command(name = "coopt", mixinStandardHelpOptions = true, version = "CoOpt Workbench 0.1.0",
        description = "Collaborative data optimization (CoOpt) research workbench.",
        subcommands = {CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    /** Library commands; each is a picocli {@code @Command} class. */
    static final Class<?>[] SUBCOMMANDS = {
        EngineCommand.class,
        DataCommand.class,
        BenchCommand.class,
        ProbeCommand.class,
        StudentCommand.class,
        ZooCommand.class,
        UniformityCommand.class,
        ProjectCommand.class,
        AlignCommand.class,
        ApplyCommand.class,
        PlatformCommand.class,
        ParticipantCommand.class,
        SimulateCommand.class,
        SslCommand.class,
    };

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        for (Class<?> c : SUBCOMMANDS) {
            cl.addSubcommand(c);
        }
        for (CommandProvider p : ServiceLoader.load(CommandProvider.class)) {
            for (Object c : p.commands()) {
                cl.addSubcommand(c);
            }
        }
        // after every command is added: picocli registers converters on the commands present
        cl.registerConverter(java.nio.file.Path.class, new PathOption());
        cl.registerConverter(Double.class, new FiniteNumber());
        cl.registerConverter(Double.TYPE, new FiniteNumber());
        cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            Throwable t = ex;
            while (t != null && !(t instanceof UserInputException)) {
                t = t.getCause();
            }
            if (t != null) {
                cmd.getErr().println("coopt " + cmd.getCommandName() + ": "
                        + org.coopt.workbench.util.PlainMessage.of(t.getMessage()));
                return 2;
            }
            String fs = fileSystemMessage(ex);
            if (fs != null) {
                cmd.getErr().println("coopt " + cmd.getCommandName() + ": " + fs);
                return 2;
            }
            throw ex;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("coopt " + ex.getCommandLine().getCommandName() + ": " + ex.getMessage()
                    + " (see --help)");
            return 2;
        });
        return cl;
    }

    /**
     * A one-line message for a file-system refusal anywhere in {@code ex}'s causes (permission denied, read-only
     * folder, a file where a folder should be, no space left), or null if there is none: these are about the
     * user's files, not bugs, and deserve no stack trace.
     */
    static String fileSystemMessage(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof java.nio.file.AccessDeniedException e) {
                return "permission denied: " + e.getFile() + " (the folder is read-only for this user; run as a user "
                        + "who may write it, or use another folder)";
            }
            if (t instanceof java.nio.file.ReadOnlyFileSystemException) {
                return "the file system is read-only; use a writable folder";
            }
            if (t instanceof java.nio.file.NoSuchFileException e) {
                return "no such file or folder: " + e.getFile();
            }
            if (t instanceof java.nio.file.NotDirectoryException e) {
                return e.getFile() + " is a file where a folder is needed";
            }
            if (t instanceof java.nio.file.FileAlreadyExistsException e) {
                return e.getFile() + " already exists and is in the way (a file where a folder or a new file is "
                        + "needed); give another path, or move it away";
            }
            if (t instanceof java.nio.file.DirectoryNotEmptyException e) {
                return e.getFile() + " is a folder that is not empty where a file or an empty folder is needed; "
                        + "give another path";
            }
            if (t instanceof java.nio.file.FileSystemException e) {
                // the reason is the OS's own words ("Not a directory", "File name too long"); never a class name
                return e.getFile() + ": " + (e.getReason() == null ? "the file system refused to "
                        + "create, open or rename it" : e.getReason()) + "; check the path";
            }
            if (t instanceof java.io.IOException e && e.getMessage() != null
                    && e.getMessage().contains("No space left on device")) {
                return "no space left on device (" + e.getMessage() + "); free space or use another folder";
            }
        }
        return null;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Lets modules that depend on the library add commands to {@code ./coopt}. */
    public interface CommandProvider {
        Iterable<Object> commands();
    }
}
