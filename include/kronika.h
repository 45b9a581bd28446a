/*
** kronika.h — the only public header of kronika, a C engine that turns Polish
** news into structured, searchable knowledge.
**
** The flow (one stage per source file under src/):
**
**   read → text (UTF-8, sentences, tokens) → morphology (dictionary, guesser,
**   tagger) → entities → time → quotes → events → output
**
** Usage:
**
**   kr_resources *res; kr_error err;
**   kr_resources_open(&res, NULL, &err);          // dictionary, models, rules
**   kr_doc *doc = kr_doc_new();
**   kr_doc_set_text(doc, text, len, &err);         // or kr_reader_next()
**   kr_analyze(res, doc, KR_LAYER_ALL, &err);
**   for (uint32_t i = 0; i < doc->n_toks; i++) ... doc->toks[i].lemma ...
**   kr_doc_reset(doc);                              // reuse for the next one
**   kr_doc_free(doc); kr_resources_close(res);
**
** Conventions: functions return 0 or a negative KR_E* code; an optional
** kr_error gets a message and a position. The library never prints, exits or
** aborts. A kr_doc owns one arena: every string and array reachable from it
** lives there and dies with kr_doc_reset()/kr_doc_free(). kr_resources is
** read-only after opening and may be shared by any number of threads, each
** with its own kr_doc.
*/
#ifndef KRONIKA_H
#define KRONIKA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define KR_VERSION "0.1.0"

/* ---- errors ------------------------------------------------------------ */

/* X(name, message): the one table that makes both the codes and kr_strerror. */
#define KR_ERRNO_MAP(X)                                          \
  X(NOMEM,   "out of memory")                                    \
  X(IO,      "input/output error")                               \
  X(INVAL,   "invalid argument")                                 \
  X(UTF8,    "invalid UTF-8")                                    \
  X(EMPTY,   "empty document")                                   \
  X(TOOBIG,  "document larger than the size limit")              \
  X(FORMAT,  "malformed input")                                  \
  X(JSON,    "malformed JSON")                                   \
  X(CONLLU,  "malformed CoNLL-U")                                \
  X(DICT,    "invalid or missing dictionary")                    \
  X(MODEL,   "invalid or missing model")                         \
  X(DATA,    "invalid or missing data file")                     \
  X(NOTFOUND,"not found")                                        \
  X(LIMIT,   "internal limit exceeded")

typedef enum kr_errno {
  KR_OK = 0,
#define KR__ERRDEF(name, msg) KR_E##name,
  KR__ERRFIRST = -100,
  KR_ERRNO_MAP(KR__ERRDEF)
#undef KR__ERRDEF
  KR__ERRLAST
} kr_errno;

/* Message for a KR_E* code; never NULL. */
const char *kr_strerror(int code);
/* Short name of a code ("KR_EUTF8"); never NULL. */
const char *kr_err_name(int code);

/* Filled by parsers and loaders so that a person can be told which file,
** which byte (or line) and what was wrong. All fields are optional to read. */
typedef struct kr_error {
  int code;            /* KR_E* or 0 */
  uint64_t position;   /* byte offset of the problem, when known */
  uint32_t line;       /* 1-based line, when known, else 0 */
  char message[256];   /* human-readable, UTF-8, NUL-terminated */
} kr_error;

/* ---- layers ------------------------------------------------------------ */

enum {
  KR_LAYER_TOKENS   = 1u << 0,  /* sentences and tokens */
  KR_LAYER_MORPH    = 1u << 1,  /* dictionary readings, lemma, tags */
  KR_LAYER_TAGGER   = 1u << 2,  /* statistical choice of reading */
  KR_LAYER_ENTITIES = 1u << 3,
  KR_LAYER_TIMEX    = 1u << 4,
  KR_LAYER_QUOTES   = 1u << 5,
  KR_LAYER_EVENTS   = 1u << 6,
  KR_LAYER_ALL      = 0xffffu
};

/* ---- resources (read-only, shared) -------------------------------------- */

typedef struct kr_resources kr_resources;

typedef struct kr_options {
  const char *dict_path;   /* polish.dict (CFSA2); NULL: $KRONIKA_DICT, then built-in path */
  const char *model_dir;   /* models/; NULL: $KRONIKA_MODELS, then built-in path */
  const char *data_dir;    /* data/; NULL: $KRONIKA_DATA, then built-in path */
  unsigned layers;         /* which resources to load; 0 means KR_LAYER_ALL */
} kr_options;

/* Loads the dictionary, models and rule files. `opt` may be NULL.
** Errors: KR_EDICT, KR_EMODEL, KR_EDATA, KR_ENOMEM. On error *out is NULL.
** Free with kr_resources_close(). Thread-safe to use after it returns. */
int kr_resources_open(kr_resources **out, const kr_options *opt, kr_error *err);
void kr_resources_close(kr_resources *res);

/* ---- document ---------------------------------------------------------- */

enum kr_tok_kind {
  KR_TOK_WORD = 0,   /* letters, with inner hyphens/apostrophes */
  KR_TOK_NUMBER,     /* 12, 1 200, 3,5, 80 (ordinal dot is a separate token) */
  KR_TOK_PUNCT,      /* . , ; : ! ? „ ” " ( ) - – — … */
  KR_TOK_SYMBOL,     /* % $ € § + = / etc. */
  KR_TOK_URL,
  KR_TOK_EMAIL,
  KR_TOK_ABBREV,     /* abbreviation without its dot (UD style): "m.in", "np", "ul" */
  KR_TOK_OTHER
};

enum {
  KR_TOKF_SPACE_AFTER = 1u << 0,  /* whitespace follows the token */
  KR_TOKF_CAP         = 1u << 1,  /* first letter upper-case */
  KR_TOKF_ALLCAPS     = 1u << 2,  /* all letters upper-case (and ≥ 2 letters) */
  KR_TOKF_DIGIT       = 1u << 3,  /* contains a digit */
  KR_TOKF_PARA_START  = 1u << 4,  /* first token of a paragraph */
  KR_TOKF_GUESSED     = 1u << 5   /* readings come from the guesser */
};

/* Universal POS tags, in the order of universaldependencies.org. */
enum kr_upos {
  KR_UPOS_X = 0, KR_UPOS_ADJ, KR_UPOS_ADP, KR_UPOS_ADV, KR_UPOS_AUX,
  KR_UPOS_CCONJ, KR_UPOS_DET, KR_UPOS_INTJ, KR_UPOS_NOUN, KR_UPOS_NUM,
  KR_UPOS_PART, KR_UPOS_PRON, KR_UPOS_PROPN, KR_UPOS_PUNCT, KR_UPOS_SCONJ,
  KR_UPOS_SYM, KR_UPOS_VERB, KR_UPOS__COUNT
};
const char *kr_upos_name(int upos); /* "NOUN"...; "X" for out of range */

/* One morphological reading of a token: a lemma and one atomic NKJP tag. */
typedef struct kr_reading {
  const char *lemma;   /* NUL-terminated, arena or resource memory */
  uint16_t tag;        /* id in the resources' tag set (kr_tag_string) */
  uint8_t source;      /* KR_SRC_DICT, KR_SRC_GUESS, KR_SRC_RULE, KR_SRC_CORR */
  uint8_t pad_;
  float score;         /* guesser or tagger score; 0 when not scored */
} kr_reading;

/* KR_SRC_CORR: a dictionary reading of the word a one-diacritic correction
** of an unknown form gives ("mogł" → mógł), from the guesser. */
enum { KR_SRC_DICT = 0, KR_SRC_GUESS = 1, KR_SRC_RULE = 2, KR_SRC_CORR = 3 };

typedef struct kr_token {
  uint32_t off, len;      /* bytes into doc->text */
  uint32_t start, end;    /* Unicode code points into doc->text, end exclusive */
  uint8_t kind;           /* enum kr_tok_kind */
  uint8_t flags;          /* KR_TOKF_* */
  uint8_t upos;           /* enum kr_upos of the chosen reading */
  uint8_t n_readings;     /* candidates in `readings` */
  uint32_t sent;          /* index of the sentence holding it */
  const char *lemma;      /* chosen lemma; the form itself when unknown */
  const char *tag;        /* chosen NKJP tag, e.g. "subst:sg:nom:m3"; "ign" when unknown */
  const char *feats;      /* UD FEATS of the chosen tag, "_" when none */
  kr_reading *readings;   /* all candidates, the chosen one first */
} kr_token;

typedef struct kr_sentence {
  uint32_t tok, n_toks;   /* first token index and count */
  uint32_t start, end;    /* code points */
  uint32_t off, len;      /* bytes */
} kr_sentence;

enum kr_ent_type { KR_ENT_PER = 0, KR_ENT_ORG, KR_ENT_LOC, KR_ENT_EVT, KR_ENT_PRO, KR_ENT__COUNT };
const char *kr_ent_type_name(int type); /* "PER"... */

typedef struct kr_mention {
  uint32_t tok, n_toks;   /* token range */
  uint32_t start, end;    /* code points */
  uint32_t entity;        /* index into doc->ents */
  uint8_t type;           /* enum kr_ent_type */
  float score;
  const char *text;       /* surface text */
  const char *lemma;      /* base form of this mention's own words */
} kr_mention;

typedef struct kr_entity {
  const char *id;         /* "e1", "e2"... */
  const char *name;       /* canonical base form */
  uint8_t type;           /* enum kr_ent_type */
  const char *actor;      /* CAMEO-style actor code or NULL */
  const char *kb;         /* knowledge-base id or NULL */
  uint32_t *mentions;     /* indices into doc->mentions */
  uint32_t n_mentions;
} kr_entity;

typedef struct kr_timex {
  uint32_t tok, n_toks;
  uint32_t start, end;    /* code points */
  const char *text;
  const char *type;       /* "DATE", "TIME", "DURATION", "SET" */
  const char *value;      /* TIMEX3 value */
} kr_timex;

typedef struct kr_quote {
  uint32_t start, end;    /* code points of the quoted words */
  const char *text;
  uint8_t direct;         /* 1 direct, 0 indirect */
  const char *speaker;    /* speaker name or NULL */
  int32_t speaker_entity; /* index into doc->ents or -1 */
  const char *cue;        /* cue verb form or NULL */
  uint32_t sent;
} kr_quote;

typedef struct kr_event {
  const char *source, *source_actor;   /* may be NULL */
  const char *target, *target_actor;   /* may be NULL */
  int32_t source_entity, target_entity;/* index into doc->ents or -1 */
  const char *plover;                  /* PLOVER type */
  const char *cameo;                   /* CAMEO code */
  int quad_class;                      /* 1..4 */
  float goldstein;                     /* -10..10 */
  const char *date;                    /* TIMEX3 value */
  uint8_t date_from_pub;               /* date is the publication date */
  const char *location;                /* NULL when none */
  const char *trigger;                 /* trigger surface form */
  uint32_t start, end;                 /* evidence sentence, code points */
  float confidence;
} kr_event;

struct kr_arena;

/* A document and every layer computed for it. Fields are read-only for users;
** all memory belongs to the document's arena. */
typedef struct kr_doc {
  const char *id, *date, *title, *url, *source; /* NUL-terminated or NULL; date "YYYY-MM-DD" */
  const char *text;        /* the analysed text, NUL-terminated, valid UTF-8 */
  size_t text_len;         /* bytes */
  size_t n_cp;             /* code points */
  kr_sentence *sents; uint32_t n_sents;
  kr_token *toks;     uint32_t n_toks;
  kr_mention *mentions; uint32_t n_mentions;
  kr_entity *ents;    uint32_t n_ents;
  kr_timex *timexes;  uint32_t n_timexes;
  kr_quote *quotes;   uint32_t n_quotes;
  kr_event *events;   uint32_t n_events;
  unsigned layers;         /* KR_LAYER_* done so far */
  struct kr_arena *arena;  /* internal */
} kr_doc;

/* New empty document; NULL when out of memory. Free with kr_doc_free(). */
kr_doc *kr_doc_new(void);
/* Drops every layer and string, keeps the arena's first block for reuse. */
void kr_doc_reset(kr_doc *doc);
void kr_doc_free(kr_doc *doc);

/* Copies `text` into the document after validating UTF-8.
** Errors: KR_EUTF8 (err->position = byte offset of the first bad sequence),
** KR_EEMPTY, KR_ENOMEM. */
int kr_doc_set_text(kr_doc *doc, const char *text, size_t len, kr_error *err);
/* Copies one metadata field ("id", "date", "title", "url", "source"). */
int kr_doc_set_meta(kr_doc *doc, const char *field, const char *value, size_t len);

/* Gold (pre-)tokenisation: builds doc->text from `forms` (NUL-terminated
** UTF-8), joined by one space unless flags[i] has KR_PRETOK_NO_SPACE; a new
** sentence starts at each token with KR_PRETOK_SENT_START (the first token
** always does). `flags` may be NULL. kr_analyze() then skips tokenization.
** Errors: KR_EEMPTY, KR_EUTF8, KR_ENOMEM. */
enum { KR_PRETOK_NO_SPACE = 1u << 0, KR_PRETOK_SENT_START = 1u << 1 };
int kr_doc_set_tokens(kr_doc *doc, size_t n, const char *const *forms, const uint8_t *flags,
                      kr_error *err);

/* Runs the stages in `layers` (and those they need) over doc->text. */
int kr_analyze(const kr_resources *res, kr_doc *doc, unsigned layers, kr_error *err);

/* ---- reader ------------------------------------------------------------ */

enum kr_input_format { KR_FMT_AUTO = 0, KR_FMT_ARTICLE, KR_FMT_JSONL, KR_FMT_PLAIN };

typedef struct kr_reader kr_reader;

typedef struct kr_read_options {
  int format;              /* enum kr_input_format; KR_FMT_AUTO detects */
  size_t max_doc_bytes;    /* 0: default 16 MiB */
  const char *default_date;/* "YYYY-MM-DD" for documents that carry none, or NULL */
} kr_read_options;

/* Reads documents from a buffer that stays alive and unchanged while the
** reader is used (e.g. a memory-mapped file). `name` is used in messages
** and for default ids. Errors: KR_ENOMEM, KR_EINVAL. */
int kr_reader_open(kr_reader **out, const char *name, const char *data, size_t len,
                   const kr_read_options *opt);
void kr_reader_close(kr_reader *r);
/* Detected format of the buffer (enum kr_input_format). */
int kr_reader_format(const kr_reader *r);
/* Fills `doc` (reset first) with the next document.
** Returns 1 when a document was read, 0 at the end, or a negative KR_E* code
** when this document is bad (err says where: position is the byte offset in
** the buffer, line the 1-based line); the next call continues after it. */
int kr_reader_next(kr_reader *r, kr_doc *doc, kr_error *err);

/* ---- output ------------------------------------------------------------ */

/* Output sink: called with chunks of UTF-8; returns 0 or non-zero to stop. */
typedef int (*kr_write_fn)(void *ctx, const char *data, size_t len);

/* The contract's JSON object for the document, on one line, followed by '\n'. */
int kr_write_json(const kr_doc *doc, kr_write_fn write, void *ctx);
/* CoNLL-U: "# sent_id", "# text", 10 columns, TokenRange=start:end in MISC. */
int kr_write_conllu(const kr_doc *doc, kr_write_fn write, void *ctx);

/* ---- morphology (direct access) ------------------------------------------ */

/* The tag string of a tag id, or NULL. */
const char *kr_tag_string(const kr_resources *res, unsigned tag);
/* Looks `form` up in the dictionary (case-aware); fills up to `max` readings,
** lemma strings copied into the document's arena. Returns the count. */
int kr_morph_lookup(const kr_resources *res, kr_doc *doc, const char *form, size_t len,
                    kr_reading *out, int max);

#ifdef __cplusplus
}
#endif
#endif /* KRONIKA_H */
