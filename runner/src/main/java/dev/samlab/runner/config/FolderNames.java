package dev.samlab.runner.config;

/** Names that become folders under an output folder: a run's, a sweep's, a trial's. */
public final class FolderNames {

    private FolderNames() {}

    /**
     * Refuses a name that would climb out of its parent folder or into a subfolder of it.
     *
     * @param key    what the error names: the config key or file the name came from
     * @param origin where the name came from when the user did not write it, such as "from the config file's name";
     *     empty if they did
     */
    public static void requirePlain(String key, String name, String origin) {
        boolean plain = !name.isBlank()
                && !name.equals(".")
                && !name.equals("..")
                && !name.contains("/")
                && !name.contains("\\")
                && name.chars().noneMatch(Character::isISOControl);
        if (!plain) {
            throw new ConfigException(
                    key,
                    "expected a plain folder name (no / or \\, not . or ..), such as resnet20-sam, got '" + name + "'"
                            + (origin.isEmpty() ? "" : " (" + origin + ")"));
        }
    }
}
