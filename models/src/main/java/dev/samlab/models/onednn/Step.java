package dev.samlab.models.onednn;

import static dev.samlab.models.onednn.Dnnl.check;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_equal;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_get_memory_desc;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query_md;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_destroy;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_exec_arg_md;

import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.javacpp.PointerPointer;

/** A primitive bound to the memory objects it reads and writes: one call of {@link #run()} executes it. */
final class Step implements AutoCloseable {

    /** One argument: its kind ({@code DNNL_ARG_SRC}, ...) and memory. */
    record Argument(int kind, dnnl_memory memory) {}

    private final dnnl_primitive primitive = new dnnl_primitive();
    private final dnnl_exec_arg_t arguments;
    private final int count;
    private final String name;

    /** Creates the primitive of {@code descriptor} (which it then destroys) over {@code arguments}. */
    Step(String name, dnnl_primitive_desc descriptor, Argument... arguments) {
        this.name = name;
        for (Argument argument : arguments) {
            requireLayout(name, descriptor, argument);
        }
        check(dnnl_primitive_create(primitive, descriptor), "creating " + name);
        dnnl_primitive_desc_destroy(descriptor);
        this.count = arguments.length;
        this.arguments = new dnnl_exec_arg_t(count);
        for (int i = 0; i < count; i++) {
            this.arguments.getPointer(i).arg(arguments[i].kind()).memory(arguments[i].memory());
        }
    }

    /**
     * Refuses a tensor laid out otherwise than the primitive expects: oneDNN does not check when it runs, and would
     * read or write past the tensor's end.
     */
    private static void requireLayout(String name, dnnl_primitive_desc descriptor, Argument argument) {
        if (argument.memory() == null || argument.memory().isNull()) {
            throw new IllegalStateException(name + ": argument " + argument.kind() + " has no tensor");
        }
        dnnl_memory_desc_t expected = dnnl_primitive_desc_query_md(descriptor, dnnl_query_exec_arg_md, argument.kind());
        PointerPointer<dnnl_memory_desc_t> actual = new PointerPointer<>(1);
        check(dnnl_memory_get_memory_desc(argument.memory(), actual), "reading a tensor's layout for " + name);
        if (expected != null
                && !expected.isNull()
                && dnnl_memory_desc_equal(expected, new dnnl_memory_desc_t(actual.get(0))) == 0) {
            throw new IllegalStateException(
                    name + ": argument " + argument.kind() + " is laid out otherwise than the primitive expects");
        }
    }

    static Argument argument(int kind, dnnl_memory memory) {
        return new Argument(kind, memory);
    }

    void run() {
        check(dnnl_primitive_execute(primitive, Dnnl.Cpu.STREAM, count, arguments), "running " + name);
    }

    @Override
    public void close() {
        dnnl_primitive_destroy(primitive);
        arguments.close();
    }
}
