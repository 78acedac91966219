# What zsh's completion offers for each LINE, with the completion script SCRIPT loaded: `zsh -f zsh-complete.zsh
# SCRIPT OUT LINE...` types each line in an interactive zsh on a pseudo-terminal (zsh/zpty) and completes it, and
# appends every candidate added to OUT: one line `<i>: words` per compadd call. No sleep: each step waits for a marker
# the shell prints when it is done (the completion runs in a widget that then clears the line and prints the marker).
zmodload zsh/zpty
local script=$1 out=$2 line i=0 buf
shift 2
zpty z zsh -f -i
zpty -w z "PROMPT='> '; autoload -Uz compinit; compinit -u -D; source ${(q)script}"
# Every candidate the completion functions add passes through compadd: record it, then add it as usual.
zpty -w z "compadd () { local -a __h; builtin compadd -O __h \"\$@\"; print -r -- \"\$__i: \${(j: :)__h}\" >> ${(q)out}; builtin compadd \"\$@\" }"
zpty -w z 'capture () { zle complete-word; BUFFER=; print -rn -- "DO""NE$__i" > /dev/tty }; zle -N capture; bindkey "^T" capture'
for line in "$@"; do
  zpty -w z "__i=$i; print R''EADY$i"
  zpty -r z buf "*READY$i*"
  zpty -w -n z "$line"$'\x14'
  zpty -r z buf "*DONE$i*"
  (( i++ ))
done
zpty -d z
