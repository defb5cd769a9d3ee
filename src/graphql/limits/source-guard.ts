import { Lexer, Source, TokenKind, type GraphQLError } from 'graphql';
import { parseFailed } from './limit-errors';

/**
 * graphql-js parses nested values and selections recursively: a list literal nested ~2,500 deep
 * overflows the stack well inside the token limit. No admitted operation nests brackets anywhere
 * near this (depth limit plus JSON depth limit), and the depth-180 attack still reaches the
 * validation rule that names its depth.
 */
export const MAX_BRACKET_NESTING = 256;

const OPENING = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSING = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * Runs graphql-js's own lexer (iterative) over the operation text before it is parsed: more tokens
 * than allowed, or brackets nested deeper than the parser survives, are refused here. Lexical errors
 * are left to the parser, which reports them with their location.
 */
export function checkSource(source: string, maxTokens: number): GraphQLError | undefined {
  const lexer = new Lexer(new Source(source));
  let tokens = 0;
  let nesting = 0;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > maxTokens) {
        return parseFailed(
          'TOO_MANY_TOKENS',
          `Document contains more than ${maxTokens} tokens (the limit is ${maxTokens})`,
        );
      }
      if (OPENING.has(token.kind)) {
        nesting += 1;
        if (nesting > MAX_BRACKET_NESTING) {
          return parseFailed(
            'QUERY_TOO_DEEP',
            `Document nests brackets more than ${MAX_BRACKET_NESTING} deep (the limit is ${MAX_BRACKET_NESTING})`,
          );
        }
      } else if (CLOSING.has(token.kind)) {
        nesting -= 1;
      }
    }
  } catch {
    return undefined; // a syntax error: the parser answers it
  }
  return undefined;
}
