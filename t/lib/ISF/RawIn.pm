package ISF::RawIn;

# ISF::RawIn: fixtures shared by the raw-data tests in t/raw/ (READ_RAW_DATA,
# TLS, HTTP/2).  Those filters are global, so every test starts throwaway
# servers (ISF::Test::httpd_start) rather than using the main test server.
#
#   use ISF::RawIn qw(rawin_fixture rawin_conf rawin_start);
#   my $fx = rawin_fixture();      # docroot, echo CGI, log file, in t/logs
#   my $s  = rawin_start($fx, ['filters/rawin_rewrite.so'],
#                        extra => 'ISAPIFilterReadLimit 2048');
#   ... requests to $s->{port} ...
#   $s->{stop}->();
#
# The echo CGI (ScriptAlias /new/, /a-much-longer-prefix/ and /x/) answers
#   uri=REQUEST_URI  method=...  new=X-Rawin-New  old=X-Rawin-Old
#   length=CONTENT_LENGTH  body=<the request body, as the CGI read it>
# one per line (the body last, as is).

use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use File::Path ();
use File::Spec::Functions qw(catfile catdir);

use Apache::Test ();
use ISF::Test qw(httpd_start);

our @EXPORT_OK = qw(rawin_fixture rawin_conf rawin_start slurp);

# The CGI: request line, two headers and the body, as Apache passed them.
my $echo_cgi = <<'EOS';
#!/bin/sh
printf 'Content-Type: text/plain\r\n\r\n'
printf 'uri=%s\n' "$REQUEST_URI"
printf 'method=%s\n' "$REQUEST_METHOD"
printf 'new=%s\n' "$HTTP_X_RAWIN_NEW"
printf 'old=%s\n' "$HTTP_X_RAWIN_OLD"
printf 'length=%s\n' "$CONTENT_LENGTH"
printf 'body='
if [ -n "$CONTENT_LENGTH" ]; then
    head -c "$CONTENT_LENGTH"
else
    cat
fi
EOS

sub slurp {
    my $f = shift;
    open my $fh, '<', $f or return '';
    binmode $fh;
    local $/;
    return scalar <$fh>;
}

sub _spew {
    my ($f, $data, $mode) = @_;
    open my $fh, '>', $f or die "ISF::RawIn: $f: $!\n";
    binmode $fh;
    print $fh $data;
    close $fh;
    chmod $mode, $f if $mode;
}

# A fresh t/logs/rawin/NAME/ with htdocs/ (index.html, marker.txt, and
# big.bin of $opt{big} bytes when asked), cgi/echo.cgi and the path of an
# empty notification log (rawin_passthru.so writes it, via $ENV{RAWIN_LOG}).
sub rawin_fixture {
    my %opt = @_;
    my $vars = Apache::Test::vars();
    (my $name = $0) =~ s{^.*?t/}{};
    $name =~ s{\.t$}{};
    $name =~ s{\W+}{_}g;
    my $dir = catdir($vars->{t_logs}, 'rawin', $name);
    File::Path::rmtree($dir) if -d $dir;
    my %fx = (dir => $dir, htdocs => catdir($dir, 'htdocs'),
              cgi => catdir($dir, 'cgi'), log => catfile($dir, 'notify.log'));
    File::Path::mkpath([$fx{htdocs}, $fx{cgi}]);
    _spew(catfile($fx{htdocs}, 'index.html'),
          "<html><body>rawin index</body></html>\n");
    _spew(catfile($fx{htdocs}, 'marker.txt'),
          "before rawin-marker after\n");
    _spew(catfile($fx{cgi}, 'echo.cgi'), $echo_cgi, 0755);
    if ($opt{big}) {
        # Printable, position-dependent, no "rawin-marker" in it.
        my $big = '';
        my $i = 0;
        $big .= sprintf("%07d:abcdefghijklmnopqrstuvwxyz\n", $i++)
            while length($big) < $opt{big};
        _spew(catfile($fx{htdocs}, 'big.bin'), substr($big, 0, $opt{big}));
        $fx{big} = substr($big, 0, $opt{big});
    }
    _spew($fx{log}, '');
    return \%fx;
}

# Configuration body for a throwaway server: the fixture's docroot and CGI
# aliases, LogLevel with isapi_filter at trace1, the global filters, and
# $opt{extra} verbatim.
sub rawin_conf {
    my ($fx, $filters, %opt) = @_;
    my $conf = "DocumentRoot $fx->{htdocs}\n"
             . "LogLevel info isapi_filter:trace1\n"
             . "KeepAliveTimeout 5\n";
    $conf .= "ScriptAlias /$_/ $fx->{cgi}/echo.cgi/\n"
        for qw(new a-much-longer-prefix x);
    $conf .= "ISAPIFilter $_\n" for @$filters;
    $conf .= "$opt{extra}\n" if defined $opt{extra};
    return $conf;
}

# httpd_start with rawin_conf and the modules these tests need (the MPM,
# authz_core, mime, dir, alias, cgid, plus $opt{modules}); keep => 1.
sub rawin_start {
    my ($fx, $filters, %opt) = @_;
    my @mods = (qw(mpm_event authz_core mime dir alias cgid),
                @{ $opt{modules} || [] });
    return httpd_start(rawin_conf($fx, $filters, %opt),
                       modules => \@mods, keep => 1,
                       ($opt{port} ? (port => $opt{port}) : ()));
}

1;
