/*
** main.c — the `kronika` program: dispatches to one subcommand per file.
*/
#include "cli.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f) {
  fprintf(f,
          "kronika %s — Polish news into structured, searchable knowledge\n"
          "\n"
          "usage: kronika <command> [options] [args]\n"
          "\n"
          "commands:\n"
          "  analyze [FILE...]     analyse articles (dated article, JSON Lines or plain text;\n"
          "                        standard input when no FILE) and print one JSON object per\n"
          "                        document (JSON Lines), or CoNLL-U with --format conllu\n"
          "  tag --conllu FILE     re-tag a gold-tokenised CoNLL-U file (LEMMA, UPOS, XPOS, FEATS)\n"
          "  eval [--shared DIR]   accuracy figures on the shared data sets (tokens, sentences,\n"
          "                        morphology, time expressions)\n"
          "  train tagger|guesser  train a model from CoNLL-U / the dictionary\n"
          "  help [COMMAND]        this text, or a command's options\n"
          "  version               print the version\n"
          "\n"
          "Run `kronika COMMAND --help` for a command's options.\n"
          "Environment: KRONIKA_DICT (polish.dict), KRONIKA_MODELS (models/), KRONIKA_DATA (data/).\n",
          KR_VERSION);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    if (argc > 2 && strcmp(cmd, "help") == 0) {
      char *sub[] = {argv[2], "--help", NULL};
      if (!strcmp(argv[2], "analyze")) return cmd_analyze(2, sub);
      if (!strcmp(argv[2], "tag")) return cmd_tag(2, sub);
      if (!strcmp(argv[2], "eval")) return cmd_eval(2, sub);
      if (!strcmp(argv[2], "train")) return cmd_train(2, sub);
    }
    usage(stdout);
    return 0;
  }
  if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
    printf("kronika %s\n", KR_VERSION);
    return 0;
  }
  if (!strcmp(cmd, "analyze")) return cmd_analyze(argc - 1, argv + 1);
  if (!strcmp(cmd, "tag")) return cmd_tag(argc - 1, argv + 1);
  if (!strcmp(cmd, "eval")) return cmd_eval(argc - 1, argv + 1);
  if (!strcmp(cmd, "train")) return cmd_train(argc - 1, argv + 1);
  fprintf(stderr, "kronika: unknown command '%s'\n\n", cmd);
  usage(stderr);
  return 2;
}
