package org.coopt.workbench.cli;

import org.coopt.workbench.engine.Engines;
import picocli.CommandLine.Command;

/** {@code ./coopt engine}: prints the DJL engine, its version and the device the workbench will use. */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = "Print the DJL engine, PyTorch version and the device in use (GPU if DJL sees one).")
final class EngineCommand implements Runnable {
    @Override
    public void run() {
        System.out.println(Engines.describe());
    }
}
