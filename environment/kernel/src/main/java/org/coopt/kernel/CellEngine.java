package org.coopt.kernel;

import jdk.jshell.JShell;

/**
 * The JVM that runs a JShell session's snippets, as {@link SnippetEvaluator} uses it: {@link InProcessEngine}
 * (this JVM) or {@link ChildJvmEngine} (a child JVM). One engine serves the evaluator's successive JShell sessions.
 */
interface CellEngine {

    /** Sets the execution engine (and, for a child JVM, its options and streams) of a new session. */
    void configure(JShell.Builder builder);

    /**
     * The value to show for a snippet whose JShell value string is {@code valueString}: the real object
     * (in-process) or its rendered {@code DisplayData} (child JVM); null when there is none or it is not
     * {@code wanted} (a declaration, whose value is not shown).
     */
    Object value(String valueString, boolean wanted);

    /** Drops what the last snippet left behind. */
    void afterSnippet();

    /** A new cell starts (the live chart opens anew). */
    void newCell();

    /** The interrupt button: interrupts the running snippet and, when it ignores that, stops it by force. */
    void stop();

    /** An interrupt that found nothing running no longer stops the next snippet. */
    void clearPendingStop();

    /**
     * True once after the running snippet was stopped by force in a way JShell reports as no exception at all
     * (JShell's stop over JDI); the evaluator then reports the interrupt itself.
     */
    boolean takeSilentStop();

    /** True when the session's JVM was ended by an interrupt the code ignored (not by the code itself). */
    boolean endedByInterrupt();

    /** {@code in-process} or {@code child JVM}, for the banner. */
    String describe();
}
