package io.quiver.stellar.xdr;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** The lists decoded arrays become: unmodifiable views over the array the decoder filled. */
public final class XdrLists {

    private XdrLists() {
    }

    @SuppressWarnings("unchecked")
    public static <T> List<T> of(Object[] elements) {
        return elements.length == 0 ? List.of() : (List<T>) Collections.unmodifiableList(Arrays.asList(elements));
    }
}
