package ISF::ReqEvents;

# ISF::ReqEvents: what the request-event tests (t/events/*.t) share.
#
#   use ISF::ReqEvents qw(htpasswd_file have_htpasswd);
#   plan tests => N, need need_module('isapi_filter'), have_htpasswd();
#   htpasswd_file();   # before the first request to /req/protected
#
# The scenarios in t/conf/req_events.conf.in protect /req/protected with
# Basic authentication against t/logs/req_events.htpasswd (users alice
# and carol, passwords below).  The file is made with Apache's own
# htpasswd (apache2-utils), so mod_authn_file reads a genuine one.

use strict;
use warnings FATAL => 'all';

use Exporter 'import';
use File::Spec ();
use File::Spec::Functions qw(catfile path);

use Apache::Test ();

our @EXPORT_OK = qw(htpasswd_file have_htpasswd %USERS);

our %USERS = (alice => 'secret', carol => 'carol-pw');

sub _htpasswd_bin {
    for my $dir (path(), '/usr/bin', '/usr/sbin') {
        my $bin = catfile($dir, 'htpasswd');
        return $bin if -x $bin;
    }
    return undef;
}

# For plan(): skip, with the reason, when htpasswd is missing.
sub have_htpasswd {
    return { 'htpasswd (apache2-utils) is needed' => sub { _htpasswd_bin() } };
}

# Write the password file (atomically: another test may be reading it).
sub htpasswd_file {
    my $vars = Apache::Test::vars();
    my $file = catfile($vars->{t_logs}, 'req_events.htpasswd');
    my $tmp  = "$file.$$";
    my $bin  = _htpasswd_bin() or die "ISF::ReqEvents: htpasswd not found\n";
    unlink $tmp;
    my $create = '-bc';
    # htpasswd chats on stderr ("Adding password for user ...").
    open my $saved, '>&', \*STDERR or die "ISF::ReqEvents: dup stderr: $!\n";
    open STDERR, '>', File::Spec->devnull;
    my $failed;
    for my $user (sort keys %USERS) {
        if (system($bin, $create, $tmp, $user, $USERS{$user}) != 0) {
            $failed = "htpasswd $create $tmp $user failed";
            last;
        }
        $create = '-b';
    }
    open STDERR, '>&', $saved;
    die "ISF::ReqEvents: $failed\n" if $failed;
    rename $tmp, $file or die "ISF::ReqEvents: rename $tmp: $!\n";
    return $file;
}

1;
