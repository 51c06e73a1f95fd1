/*
 * An intrusive FIFO: elements are linked through a next-pointer member of their own, so
 * queueing never allocates and an element may sit in several FIFOs through different members.
 *
 * A FIFO is any struct with members `head` and `tail` of the element pointer type;
 * MOLDAU__FIFO(type) declares one, and a struct may carry more (a count, say). All zero is
 * the empty FIFO, and a FIFO may be copied by value (the copy then holds the elements: empty
 * the original with moldau__fifo_init). `link` names the element's next-pointer member; the
 * last element's is NULL, so `for (e = f.head; e; e = e->link)` walks it in order.
 *
 * Macros, not functions, so that they work for any element type and compile to the few
 * instructions written out by hand (the producer's append uses one). Arguments may be
 * evaluated more than once: pass plain lvalues. The FIFO owns nothing: freeing the elements
 * is its user's business.
 */
#ifndef MOLDAU_UTIL_FIFO_H
#define MOLDAU_UTIL_FIFO_H

#include <stddef.h>

#define MOLDAU__FIFO(type)                                                                        \
    struct {                                                                                      \
        type *head, *tail;                                                                        \
    }

/* Empties f without touching its elements. */
#define moldau__fifo_init(f) ((f)->head = (f)->tail = NULL)

#define moldau__fifo_empty(f) ((f)->head == NULL)

/* Appends e. */
#define moldau__fifo_push(f, e, link)                                                             \
    do {                                                                                          \
        (e)->link = NULL;                                                                         \
        if ((f)->tail)                                                                            \
            (f)->tail->link = (e);                                                                \
        else                                                                                      \
            (f)->head = (e);                                                                      \
        (f)->tail = (e);                                                                          \
    } while (0)

/* Unlinks the first element and assigns it to out (NULL when f is empty); its link is
 * cleared. */
#define moldau__fifo_pop(f, out, link)                                                            \
    do {                                                                                          \
        (out) = (f)->head;                                                                        \
        if (out) {                                                                                \
            (f)->head = (out)->link;                                                              \
            if (!(f)->head)                                                                       \
                (f)->tail = NULL;                                                                 \
            (out)->link = NULL;                                                                   \
        }                                                                                         \
    } while (0)

/* Moves every element of g to the end of f, in order; g is left empty. */
#define moldau__fifo_concat(f, g, link)                                                           \
    do {                                                                                          \
        if ((g)->head) {                                                                          \
            if ((f)->tail)                                                                        \
                (f)->tail->link = (g)->head;                                                      \
            else                                                                                  \
                (f)->head = (g)->head;                                                            \
            (f)->tail = (g)->tail;                                                                \
            moldau__fifo_init(g);                                                                 \
        }                                                                                         \
    } while (0)

#endif
