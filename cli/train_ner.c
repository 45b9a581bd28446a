/* train_ner.c — placeholder until the NER trainer lands. */
#include "cli.h"

int cmd_train_ner(int argc, char **argv) {
  fprintf(stderr, "kronika train ner: not available yet\n");
  return 2;
}
