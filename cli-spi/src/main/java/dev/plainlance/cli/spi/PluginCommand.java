package dev.plainlance.cli.spi;

/**
 * A subcommand of {@code plainlance} contributed by a jar on the class path. An implementation is a public picocli
 * {@code @Command} class with a public no-argument constructor, listed in
 * {@code META-INF/services/dev.plainlance.cli.spi.PluginCommand}; the command line finds it with
 * {@link java.util.ServiceLoader} and adds it under its {@code @Command} name.
 */
public interface PluginCommand {}
