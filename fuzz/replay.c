/*
** replay.c — runs a libFuzzer target over saved inputs without libFuzzer, so
** every crash a fuzzer ever found is replayed by plain `ctest` (gcc builds,
** sanitizer builds). Arguments: files or directories of inputs.
*/
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "replay: cannot open %s\n", path); return 1; }
  size_t cap = 1 << 16, len = 0;
  uint8_t *buf = malloc(cap);
  size_t n;
  while (buf && (n = fread(buf + len, 1, cap - len, f)) > 0) {
    len += n;
    if (len == cap) { cap *= 2; uint8_t *p = realloc(buf, cap); if (!p) { free(buf); buf = NULL; } else buf = p; }
  }
  fclose(f);
  if (!buf) return 1;
  LLVMFuzzerTestOneInput(buf, len);
  free(buf);
  return 0;
}

int main(int argc, char **argv) {
  int files = 0, fails = 0;
  for (int i = 1; i < argc; i++) {
    struct stat st;
    if (stat(argv[i], &st) != 0) { fprintf(stderr, "replay: no such path %s\n", argv[i]); return 1; }
    if (S_ISDIR(st.st_mode)) {
      DIR *d = opendir(argv[i]);
      struct dirent *e;
      while (d && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", argv[i], e->d_name);
        fails += run_file(p);
        files++;
      }
      if (d) closedir(d);
    } else {
      fails += run_file(argv[i]);
      files++;
    }
  }
  printf("replayed %d inputs\n", files);
  return fails ? 1 : 0;
}
