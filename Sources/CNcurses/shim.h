/* The system ncurses (wide-character API) for Swift.
 *
 * SwiftPM drops the -D flags pkg-config would give (-D_XOPEN_SOURCE=600), which turns the
 * wide-character API off (no cchar_t, setcchar, mvadd_wch, get_wch), so the define that turns it
 * on comes here, before any ncurses include. On Debian, libncursesw.so is a linker script that
 * pulls in libtinfo as well, so `link "ncursesw"` in the module map is all the linking needed.
 *
 * Macros that Swift cannot import (casts, shifts, function-like macros) and C globals (which
 * Swift 6 rejects as shared mutable state) are reached through the static inline accessors below.
 */
#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H

#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <stdio.h>
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>
#include <ncursesw/ncurses.h>

/* Globals. */
static inline WINDOW *nc_stdscr(void) { return stdscr; }
static inline WINDOW *nc_curscr(void) { return curscr; }
static inline int nc_lines(void) { return LINES; }
static inline int nc_cols(void) { return COLS; }
static inline int nc_colors(void) { return COLORS; }
static inline int nc_color_pairs(void) { return COLOR_PAIRS; }
static inline FILE *nc_stdin(void) { return stdin; }
static inline FILE *nc_stdout(void) { return stdout; }
static inline FILE *nc_stderr(void) { return stderr; }

/* Function-like macros. */
static inline void nc_getmaxyx(WINDOW *w, int *y, int *x) { getmaxyx(w, *y, *x); }
static inline int nc_key_f(int n) { return KEY_F(n); }

/* Attributes (the A_* and WA_* values are the same bits). */
static inline attr_t nc_a_normal(void) { return A_NORMAL; }
static inline attr_t nc_a_bold(void) { return A_BOLD; }
static inline attr_t nc_a_dim(void) { return A_DIM; }
static inline attr_t nc_a_reverse(void) { return A_REVERSE; }
static inline attr_t nc_a_underline(void) { return A_UNDERLINE; }

/* Mouse masks. */
static inline mmask_t nc_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t nc_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t nc_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t nc_all_mouse_events(void) { return ALL_MOUSE_EVENTS; }

/* The columns a character takes (wchar.h declares wcwidth only under _XOPEN_SOURCE, which the
 * Glibc module is not built with). */
extern int wcwidth(wchar_t c);
static inline int nc_wcwidth(wchar_t c) { return wcwidth(c); }

/* tigetstr returns (char *)-1 for a capability that is not a string one, NULL when absent. */
static inline int nc_has_string_cap(const char *name) {
    char *s = tigetstr(name);
    return s != NULL && s != (char *)-1 && s[0] != '\0';
}

#endif
