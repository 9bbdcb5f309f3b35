# The directive reference, docs/directives.md, against the source: every
# directive of the module's command tables (found in mod_isapi_filter.c and
# bridge/*/*.c, never listed here, so a new directive is checked the day it
# is added) has a section in the form of Apache's module manual with every
# field; its Context and Override agree with the table's req_override
# flags; its Default agrees with the default its help string states, and
# every help string states one; nothing is documented that the source does
# not have; and the README links the reference and names every directive.
# Reads files only: no server is started.
use strict;
use warnings FATAL => 'all';

use Apache::Test;
use Apache::TestUtil;
use File::Spec::Functions qw(catfile);

my $top = Apache::Test::vars('top_dir');

sub slurp {
    my $f = shift;
    open my $fh, '<', $f or die "$f: $!";
    local $/;
    return scalar <$fh>;
}

my @sources = (catfile($top, 'mod_isapi_filter.c'),
               sort glob(catfile($top, 'bridge', '*', '*.c')));
my @headers = (@sources, sort glob(catfile($top, 'bridge', '*', '*.h')));

# Object-like #defines of the tree, for APR_STRINGIFY(NAME) in help strings.
my %define;
for my $f (@headers) {
    for (split /\n/, slurp($f)) {
        $define{$1} = $2 if /^\s*#\s*define\s+(\w+)\s+(\S.*?)\s*(?:\/\*.*)?$/;
    }
}

# split_args TEXT: the comma-separated arguments of a macro call, TEXT
# starting after its "(", up to the matching ")"; commas inside strings,
# character constants and nested parentheses do not split.
sub split_args {
    my $text = shift;
    my ($depth, $cur, @args) = (0, '');
    pos($text) = 0;
    while (pos($text) < length $text) {
        if ($text =~ /\G("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/gcs) {
            $cur .= $1;
        } elsif ($text =~ /\G\(/gc) {
            $depth++; $cur .= '(';
        } elsif ($text =~ /\G\)/gc) {
            last if $depth == 0;
            $depth--; $cur .= ')';
        } elsif ($text =~ /\G,/gc) {
            if ($depth == 0) { push @args, $cur; $cur = ''; }
            else { $cur .= ','; }
        } elsif ($text =~ /\G(\/\*.*?\*\/)/gcs) {
            # a comment: dropped
        } else {
            $text =~ /\G(.)/gcs; $cur .= $1;
        }
    }
    push @args, $cur;
    s/^\s+|\s+$//g for @args;
    return @args;
}

# c_string EXPR: the value of a help string, literals and APR_STRINGIFY().
sub c_string {
    my $expr = shift;
    my $out = '';
    while ($expr =~ /\G\s*(?:"((?:[^"\\]|\\.)*)"|APR_STRINGIFY\(\s*(\w+)\s*\))/gcs) {
        if (defined $1) {
            (my $lit = $1) =~ s/\\(.)/$1/g;
            $out .= $lit;
        } else {
            $out .= exists $define{$2} ? $define{$2} : "<undefined $2>";
        }
    }
    return $out;
}

# The command tables: name => { flags => [...], help => '...', file => }.
my %cmd;
for my $f (@sources) {
    my $src = slurp($f);
    while ($src =~ /command_rec\s+\w+\s*\[\s*\]\s*=\s*\{(.*?)\n\s*\{\s*NULL\s*\}/gs) {
        my $table = $1;
        while ($table =~ /AP_INIT_\w+\s*\(/g) {
            my @a = split_args(substr($table, pos($table)));
            my ($name) = $a[0] =~ /^"(\w+)"$/ or next;
            $cmd{$name} = {
                flags => [ map { s/^\s+|\s+$//gr } split /\|/, $a[3] ],
                help  => c_string($a[4]),
                file  => $f,
            };
        }
    }
}
my @names = sort keys %cmd;

my $doc_file = catfile($top, 'docs', 'directives.md');
my $doc = -f $doc_file ? slurp($doc_file) : '';

# The manual-style blocks: a fenced block whose first line is "NAME
# Directive" (or "Module NAME"), then "  Field: value" lines, a value
# continuing on more-indented lines.
my (%section, $summary);
while ($doc =~ /^```\n(\w+ Directive|Module \w+)\n(.*?)^```/gms) {
    my ($title, $body) = ($1, $2);
    my (%field, $last);
    for (split /\n/, $body) {
        if (/^  ([A-Z][A-Za-z ]*?):\s+(.*)$/) {
            $last = $1; $field{$last} = $2;
        } elsif (defined $last && /^\s{3,}(\S.*)$/) {
            $field{$last} .= " $1";
        }
    }
    if ($title =~ /^Module /) { $summary = \%field; }
    else { (my $n = $title) =~ s/ Directive$//; $section{$n} = \%field; }
}

my @fields = ('Description', 'Syntax', 'Default', 'Context', 'Override',
              'Status', 'Module');

plan tests => 10, need { 'docs/directives.md exists' => $doc ne '' };

# 1: the tables were found (a parser that found nothing would pass the rest).
ok t_cmp(scalar(@names) >= 7 && exists $cmd{ISAPIFilter}, 1,
         'the command tables name ISAPIFilter and the other directives: ' . "@names");

# 2: the module summary block.
my @bad;
push @bad, 'no "Module mod_isapi_filter" block' unless $summary;
if ($summary) {
    for my $f ('Description', 'Status', 'Module Identifier', 'Source File') {
        push @bad, "summary lacks $f" unless defined $summary->{$f}
                                              && $summary->{$f} ne '';
    }
    push @bad, 'Module Identifier is not isapi_filter_module'
        unless ($summary->{'Module Identifier'} // '') eq 'isapi_filter_module';
    push @bad, 'Source File is not mod_isapi_filter.c'
        unless ($summary->{'Source File'} // '') eq 'mod_isapi_filter.c';
}
ok t_cmp(join("\n", @bad), '', 'the module summary block');

# 3: a section for every directive.
ok t_cmp(join(' ', grep { !$section{$_} } @names), '',
         'every directive of the source has a section in docs/directives.md');

# 4: every field, and the fixed ones right.
@bad = ();
for my $n (grep { $section{$_} } @names) {
    my $s = $section{$n};
    for my $f (@fields) {
        push @bad, "$n: no $f" unless defined $s->{$f} && $s->{$f} ne '';
    }
    push @bad, "$n: Syntax does not start with $n"
        if defined $s->{Syntax} && $s->{Syntax} !~ /^\Q$n\E(?:\s|$)/;
    push @bad, "$n: Module is not mod_isapi_filter"
        if defined $s->{Module} && $s->{Module} ne 'mod_isapi_filter';
    push @bad, "$n: Status is not External"
        if defined $s->{Status} && $s->{Status} ne 'External';
    # A prose "heading" must exist for the links of the README.
    push @bad, "$n: no '## $n Directive' heading" unless $doc =~ /^## \Q$n\E Directive$/m;
}
ok t_cmp(join("\n", @bad), '',
         "each section has @fields, its name in Syntax, Module and Status right");

# 5: Context against the req_override flags.  RSRC_CONF allows "server
# config" and "virtual host" (a handler may refuse the latter itself, so
# the docs may leave it out), ACCESS_CONF "directory" (<Directory>,
# <Location>, <Files>, <If>), any OR_ class "directory" and ".htaccess".
# httpd reads the main configuration with every OR_ class allowed but
# AuthConfig and Limit, so the others reach server config too (as
# SetOutputFilter, OR_FILEINFO, does).
my %or_class = (OR_OPTIONS => 'Options', OR_FILEINFO => 'FileInfo',
                OR_AUTHCFG => 'AuthConfig', OR_INDEXES => 'Indexes',
                OR_LIMIT => 'Limit', OR_ALL => 'All');
sub allowed {
    my @flags = @_;
    my %ok;
    for (@flags) {
        @ok{'server config', 'virtual host'} = ()
            if /^(?:RSRC_CONF|OR_ALL|OR_FILEINFO|OR_OPTIONS|OR_INDEXES)$/;
        $ok{directory} = ()  if /^(?:ACCESS_CONF|OR_)/;
        $ok{'.htaccess'} = () if /^OR_/;
    }
    return %ok;
}
@bad = ();
for my $n (grep { $section{$_} && defined $section{$_}{Context} } @names) {
    my @flags = @{ $cmd{$n}{flags} };
    my %ok = allowed(@flags);
    my @ctx = map { s/^\s+|\s+$//gr } split /,/, $section{$n}{Context};
    for my $c (@ctx) {
        push @bad, "$n: Context '$c' is not allowed by @flags" unless exists $ok{$c};
    }
    my %have = map { $_ => 1 } @ctx;
    push @bad, "$n: Context lacks 'server config' (@flags)"
        if grep({ $_ eq 'RSRC_CONF' } @flags) && !$have{'server config'};
    push @bad, "$n: Context lacks 'directory' (@flags)"
        if grep({ $_ eq 'ACCESS_CONF' } @flags) && !$have{directory};
    push @bad, "$n: Context lacks '.htaccess' (@flags)"
        if grep({ /^OR_/ } @flags) && !$have{'.htaccess'};
}
ok t_cmp(join("\n", @bad), '', 'Context agrees with the command table');

# 6: Override names the AllowOverride class of the OR_ flags, or says the
# directive is not allowed in .htaccess.
@bad = ();
for my $n (grep { $section{$_} && defined $section{$_}{Override} } @names) {
    my $o = $section{$n}{Override};
    my @classes = map { $or_class{$_} // $_ } grep { /^OR_/ } @{ $cmd{$n}{flags} };
    if (!@classes) {
        push @bad, "$n: Override is '$o', but it is not allowed in .htaccess"
            unless $o =~ /^not applicable\b/;
    } else {
        for my $c (@classes) {
            push @bad, "$n: Override '$o' does not name $c" unless $o =~ /\b\Q$c\E\b/;
        }
    }
}
ok t_cmp(join("\n", @bad), '', 'Override agrees with the command table');

# 7: every help string states a default (STYLE.md; `apache2 -L` shows it).
ok t_cmp(join(' ', grep { $cmd{$_}{help} !~ /\(default:/i } @names), '',
         'every directive\'s help string states its default');

# 8: the Default field against the help string.  A help default that is
# one word (a number, On/Off, none, a keyword) is the directive's value:
# the docs' Default must be "NAME value" or begin with it ("none (...)").
# Defaults in prose ("the filter's own, ...") describe optional arguments
# and are not compared.
@bad = ();
for my $n (grep { $section{$_} && defined $section{$_}{Default} } @names) {
    my @want;
    while ($cmd{$n}{help} =~ /\(default:\s*([^,;)]*)/gi) {
        my $v = $1 =~ s/\s+$//r;
        push @want, $v if $v =~ /^[\w.+-]+$/;
    }
    next unless @want;
    (my $got = $section{$n}{Default}) =~ s/^\Q$n\E\s+//;
    ($got) = $got =~ /^([^\s(]+)/;
    $got //= '';
    push @bad, "$n: Default '$section{$n}{Default}', help string says @want"
        unless grep { lc $_ eq lc $got } @want;
}
ok t_cmp(join("\n", @bad), '', 'each Default agrees with the help string\'s default');

# 9: nothing documented that the source lacks.
ok t_cmp(join(' ', grep { !$cmd{$_} } sort keys %section), '',
         'every documented directive exists in the source');

# 10: the README links the reference and names every directive.
my $readme = slurp(catfile($top, 'README.md'));
@bad = ();
push @bad, 'README does not link docs/directives.md'
    unless $readme =~ /\]\(docs\/directives\.md\)/;
push @bad, map { "README does not name $_" }
           grep { $readme !~ /\b\Q$_\E\b/ } @names;
ok t_cmp(join("\n", @bad), '', 'README links docs/directives.md and names every directive');
