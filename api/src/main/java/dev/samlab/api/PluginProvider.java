package dev.samlab.api;

/**
 * What every provider tells the runner about itself.
 *
 * @param <C> the config record this plugin is configured with
 */
public interface PluginProvider<C> {

    /** The name users write in a config ({@code optimizer: { name: adam }}): lower case, unique per kind. */
    String name();

    /** One line for {@code samlab plugins}. */
    String description();

    /**
     * The record the plugin's config section is bound to, without its {@code name} key. Its components are the
     * accepted keys; a {@code null} component means "not given", which the compact constructor turns into the
     * default.
     */
    Class<C> configType();
}
