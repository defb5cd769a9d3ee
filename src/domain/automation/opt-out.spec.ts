import { optOutKeyword, type OptOutCommand } from './opt-out';

describe('optOutKeyword', () => {
  it.each<[string | undefined | null, OptOutCommand | null]>([
    ['STOP', 'OPT_OUT'],
    ['stop', 'OPT_OUT'],
    ['  Stop!  ', 'OPT_OUT'],
    ['STOP.', 'OPT_OUT'],
    ['stop!!!', 'OPT_OUT'],
    ['StopAll', 'OPT_OUT'],
    ['unsubscribe', 'OPT_OUT'],
    ['Cancel', 'OPT_OUT'],
    ['END', 'OPT_OUT'],
    ['quit?', 'OPT_OUT'],
    ['Stopp', 'OPT_OUT'],
    ['START', 'OPT_IN'],
    ['start.', 'OPT_IN'],
    ['Unstop', 'OPT_IN'],
    ['please stop', null],
    ['stop it', null],
    ['STOP STOP', null],
    ['.STOP', null],
    ['stopping', null],
    ['YES', null],
    ['', null],
    ['   ', null],
    [undefined, null],
    [null, null],
  ])('%j → %s', (body, expected) => {
    expect(optOutKeyword(body)).toBe(expected);
  });
});
