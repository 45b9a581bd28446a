/*
** textfile.c — reading the project's own text data files (lexicons, rules):
** a whole file into memory, its data lines one by one (comments and blank
** lines skipped, CR removed, 1-based line numbers for messages), and a
** line's tab-separated fields. The loaders of the stages (quotes, the
** abbreviation lexicon, …) build their tables from these; each reports its
** own errors, naming the file and the line.
*/
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

char *kr__file_slurp(const char *path, int *missing) {
  *missing = 0;
  FILE *f = fopen(path, "rb");
  if (!f) {
    *missing = errno == ENOENT;
    return NULL;
  }
  char *data = NULL;
  size_t len = 0, cap = 0, n;
  for (;;) {
    if (cap - len < 4096) {
      size_t nc = cap ? cap * 2 : 16384;
      char *p = realloc(data, nc + 1);
      if (!p) { free(data); fclose(f); return NULL; }
      data = p;
      cap = nc;
    }
    n = fread(data + len, 1, cap - len, f);
    len += n;
    if (n == 0) break;
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) { free(data); return NULL; }
  data[len] = '\0';
  return data;
}

char *kr__data_line(char **cur, uint32_t *lineno) {
  while (**cur) {
    char *line = *cur, *e = strchr(line, '\n');
    (*lineno)++;
    if (e) { *e = '\0'; *cur = e + 1; }
    else *cur = line + strlen(line);
    size_t l = strlen(line);
    if (l && line[l - 1] == '\r') line[--l] = '\0';
    if (!l || line[0] == '#') continue;
    return line;
  }
  return NULL;
}

int kr__tab_fields(char *line, char **f, int max) {
  int n = 0;
  f[n++] = line;
  for (char *p = line; *p; p++)
    if (*p == '\t') {
      *p = '\0';
      if (n == max) return max + 1;
      f[n++] = p + 1;
    }
  return n;
}
